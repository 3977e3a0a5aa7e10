using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Datasets;

/// <summary>
/// <c>GET /api/datasets/{name}</c>: what the dataset's folder holds, whether its description is there (committed) and
/// trainable, and what an inspection of its training table found.
/// </summary>
/// <param name="Dataset">"datasets/{name}", as a job names it.</param>
/// <param name="Committed">Whether dataset.json is there: without it no job can use the dataset.</param>
/// <param name="Errors">Per field of dataset.json, what stops training on it; null when nothing does.</param>
/// <param name="TrainingBytes">The bytes a job downloads: dataset.json and the files it names.</param>
/// <param name="MaxTotalBytes">The most a job's dataset may hold in this deployment.</param>
public sealed record DatasetManifest(string Name, string Dataset, bool Committed, DatasetDescription? Description,
    IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyList<DatasetFileEntry> Files, long TrainingBytes,
    long MaxTotalBytes)
{
    /// <summary>The training table as inspected (rows, columns and kinds, classes); null when not inspected.</summary>
    public DatasetInspection? Inspection { get; init; }

    /// <summary>Why there is no inspection, when there is none.</summary>
    public string? InspectionNote { get; init; }
}
