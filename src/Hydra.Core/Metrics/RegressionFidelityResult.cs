namespace Hydra.Core.Metrics;

/// <summary>
/// How closely a regression student reproduces the ensemble's uncertainty on one input set: rank agreement and mean
/// absolute error of the epistemic and total variances, and the mean KL from the ensemble's moment-matched Gaussian to
/// the student's.
/// </summary>
public sealed record RegressionFidelityResult(double EpistemicSpearman, double EpistemicMae, double TotalSpearman,
    double TotalMae, double KlToEnsemble);
