namespace Hydra.Serving.Scoring;

/// <summary>Bounds and caching of the scorer (configuration section <c>Scoring</c>).</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Scoring";

    /// <summary>Rows accepted in one request.</summary>
    public int MaxBatchRows { get; set; } = 1024;

    /// <summary>Bytes accepted in one HTTP request body.</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Model versions kept loaded at once; the least recently used is evicted beyond this.</summary>
    public int CacheCapacity { get; set; } = 8;

    /// <summary>
    /// How long a model name keeps pointing at the version last read from its manifest before the manifest is read
    /// again; a watcher (or <see cref="ModelRegistry.Invalidate"/>) makes changes visible sooner.
    /// </summary>
    public TimeSpan ManifestRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>ONNX Runtime intra-op threads per session (0: its default).</summary>
    public int IntraOpThreads { get; set; }

    /// <exception cref="ArgumentOutOfRangeException">A bound is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchRows, 1, nameof(MaxBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(CacheCapacity, 1, nameof(CacheCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ManifestRecheckInterval, TimeSpan.Zero, nameof(ManifestRecheckInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
    }
}
