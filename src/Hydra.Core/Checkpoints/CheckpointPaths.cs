using System.Globalization;
using Hydra.Core.Models;

namespace Hydra.Core.Checkpoints;

/// <summary>
/// Where a job's checkpoints live inside a store: "{root}/members/{i}/", "{root}/kd/", "{root}/hydra/",
/// "{root}/hydra-plus/".
/// </summary>
public static class CheckpointPaths
{
    /// <summary>
    /// The folder of a checkpoint; <paramref name="root"/> is "" for a run folder or "checkpoints/{jobId}".
    /// </summary>
    public static string Folder(string root, ModelKind kind, int memberIndex = 0) => Join(root, kind switch
    {
        ModelKind.Member => "members/" + memberIndex.ToString(CultureInfo.InvariantCulture),
        ModelKind.Kd => "kd",
        ModelKind.Hydra => "hydra",
        ModelKind.HydraPlus => "hydra-plus",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown model kind."),
    });

    public static string Card(string folder) => Join(folder, ModelCard.FileName);

    public static string Weights(string folder) => Join(folder, ModelCard.WeightsFileName);

    public static string Join(string root, string relative) =>
        string.IsNullOrEmpty(root) ? relative : root.TrimEnd('/') + "/" + relative;
}
