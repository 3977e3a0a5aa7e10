namespace Hydra.Serving.Scoring;

/// <summary>
/// Bounds and caching of the scorer, bound from <c>Hydra:Scoring</c> (Hydra__Scoring__MaxBatchRows, …) in the Function
/// App and in <c>hydra serve</c> alike; <see cref="ScoringOptionsValidator"/> says what each value may be.
/// </summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Hydra:Scoring";

    /// <summary>
    /// JSON bytes one row of a 28×28 image takes at most: 784 values of up to 16 characters with their separators
    /// ("-1.23456789e-05,"; a pixel written with 9 significant digits, "0.537254903,", takes 12).
    /// </summary>
    public const int JsonBytesPerImageRow = 16 * 1024;

    public const int DefaultMaxBatchRows = 1024;

    /// <summary>Rows accepted in one request.</summary>
    public int MaxBatchRows { get; set; } = DefaultMaxBatchRows;

    /// <summary>
    /// Bytes accepted in one HTTP request body: by default room for <see cref="MaxBatchRows"/> image rows as JSON
    /// (<see cref="JsonBytesPerImageRow"/> each), so a caller reaches the row bound before the byte bound. Raise the
    /// two together.
    /// </summary>
    public long MaxRequestBytes { get; set; } = (long)DefaultMaxBatchRows * JsonBytesPerImageRow;

    /// <summary>Model versions kept loaded at once; the least recently used is evicted beyond this.</summary>
    public int CacheCapacity { get; set; } = 8;

    /// <summary>
    /// How long a model name keeps pointing at the version last read from its manifest before the manifest is read
    /// again; a watcher (or <see cref="ModelRegistry.Invalidate"/>) makes changes visible sooner.
    /// </summary>
    public TimeSpan ManifestRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A calibrated model flags a row out of distribution when its epistemic uncertainty is above this quantile of the
    /// manifest's reference rows (a request may ask for another with "ood_quantile").
    /// </summary>
    public double OodQuantile { get; set; } = Hydra.Core.Calibration.ModelCalibration.DefaultLevel;

    /// <summary>How far back <c>GET /api/models/{name}/stats</c> looks.</summary>
    public TimeSpan StatsWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The share of rows out of distribution in the stats window above which the stats carry a warning (five times
    /// what the default level leads one to expect).
    /// </summary>
    public double OodWarnShare { get; set; } = 0.05;

    /// <summary>ONNX Runtime intra-op threads per session (0: its default).</summary>
    public int IntraOpThreads { get; set; }
}
