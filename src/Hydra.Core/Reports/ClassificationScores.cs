namespace Hydra.Core.Reports;

/// <summary>In-domain test metrics of one model (ECE with <see cref="EceBins"/> equal-width bins).</summary>
public sealed record ClassificationScores(double Accuracy, double Nll, double Brier, double Ece, int EceBins);
