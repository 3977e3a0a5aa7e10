namespace Hydra.Core.Jobs;

/// <summary>The storage layout of architecture.md: one place that names every job path.</summary>
public static class JobPaths
{
    public const string JobsContainer = "jobs";
    public const string CheckpointsContainer = "checkpoints";
    public const string ModelsContainer = "models";
    public const string ReportsContainer = "reports";
    public const string PlusSuffix = "-plus";

    public static string Spec(string jobId) => $"{JobsContainer}/{jobId}/spec.json";

    /// <summary>The checkpoint root of a job, handed to the pipeline as its store root.</summary>
    public static string Checkpoints(string jobId) => $"{CheckpointsContainer}/{jobId}";

    public static string Reports(string jobId) => $"{ReportsContainer}/{jobId}";

    /// <summary>The served model id of a job's Hydra ("hydra") or Hydra+ ("hydra-plus") checkpoint folder.</summary>
    public static string ModelId(string jobId, string checkpointFolder) => checkpointFolder switch
    {
        "hydra" => jobId,
        "hydra-plus" => jobId + PlusSuffix,
        _ => throw new ArgumentOutOfRangeException(nameof(checkpointFolder), checkpointFolder,
            "Only hydra and hydra-plus checkpoints become served models."),
    };
}
