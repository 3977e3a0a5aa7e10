namespace Hydra.Core.Reports;

/// <summary>
/// OOD detection AUROC (in-domain test set negative, OOD set positive) by total and by epistemic uncertainty.
/// </summary>
public sealed record OodScores(double AurocTotal, double AurocEpistemic);
