namespace Hydra.Core.Reports;

/// <summary>
/// Regression metrics of one model on one input set, in the original target units: RMSE of the predictive mean, mean
/// NLL (nats) of the target under the predictive Gaussian mixture, and the fraction of targets inside the mixture's
/// central 95% interval.
/// </summary>
public sealed record RegressionScores(double Rmse, double Nll, double Coverage95);
