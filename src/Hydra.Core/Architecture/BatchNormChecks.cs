namespace Hydra.Core.Architecture;

/// <summary>What the 1-D and 2-D batch norms share: settings checks and the checkpoint tensors.</summary>
internal static class BatchNormChecks
{
    /// <summary>The error for invalid settings, or null.</summary>
    public static string? Settings(int features, double eps, double momentum) =>
        features <= 0 || !(eps > 0) || !(momentum is > 0 and <= 1)
            ? $"features ({features}) and eps ({eps}) must be positive and momentum ({momentum}) in (0, 1]"
            : null;

    /// <summary>
    /// Scale ("weight") and shift ("bias") are trained; the running statistics and the batch counter are buffers, saved
    /// in the checkpoint because inference uses them (the counter as F32: exact up to 2²⁴ batches, and unused by the
    /// fixed-momentum update).
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Tensors(int features) =>
    [
        ("weight", [features]), ("bias", [features]), ("running_mean", [features]), ("running_var", [features]),
            ("num_batches_tracked", []),
    ];
}
