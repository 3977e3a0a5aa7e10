namespace Hydra.Core.Datasets;

/// <summary>
/// Bounds on the datasets users keep in storage, bound from "Hydra:Datasets" (Hydra__Datasets__MaxTotalBytes, …) by
/// the Function App and the trainer worker alike; <see cref="DatasetOptionsValidator"/> says what each may be.
/// </summary>
public sealed class DatasetOptions
{
    public const string SectionName = "Hydra:Datasets";

    /// <summary>The most a job's dataset may hold, all its files together: checked from the listing when a job is
    /// submitted and again before and while the worker downloads it.</summary>
    public long MaxTotalBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The most files a job's dataset may hold.</summary>
    public int MaxFiles { get; set; } = 10_000;

    /// <summary>
    /// The largest training table the Function App reads to inspect a dataset (<c>PUT</c> and <c>GET
    /// /api/datasets/{name}</c>); a larger one is described without an inspection.
    /// </summary>
    public long InspectMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest dataset.json accepted.</summary>
    public int MaxDescriptionBytes { get; set; } = 64 * 1024;

    /// <summary>Where the worker downloads datasets to; empty: a folder under the system's temporary folder.</summary>
    public string DownloadPath { get; set; } = "";
}
