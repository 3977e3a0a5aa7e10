namespace Hydra.Core.Metrics;

/// <summary>
/// How closely a student reproduces the ensemble's uncertainty on one input set:
/// rank agreement and mean absolute error of the epistemic and total values, and mean KL(ensemble mean ‖ student mean).
/// </summary>
public sealed record FidelityResult(double EpistemicSpearman, double EpistemicMae, double TotalSpearman,
    double TotalMae, double KlToEnsemble);
