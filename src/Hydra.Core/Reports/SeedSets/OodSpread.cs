namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// OOD AUROC of one model on one OOD set over seed sets, and the same AUROC as a percentage of the ensemble's
/// (taken within each seed set, then summarised).
/// </summary>
public sealed record OodSpread(Spread AurocTotal, Spread AurocEpistemic, Spread TotalPercentOfEnsemble,
    Spread EpistemicPercentOfEnsemble);
