namespace Hydra.Core.Reports;

/// <summary>Mean per-input uncertainty of one model on one input set (nats).</summary>
public sealed record UncertaintySummary(double MeanTotal, double MeanAleatoric, double MeanEpistemic);
