namespace Hydra.Core.Reports.SeedSets;

/// <summary>Fidelity of one student to the ensemble on one input set, over seed sets.</summary>
public sealed record FidelitySpread(Spread EpistemicSpearman, Spread EpistemicMae, Spread TotalSpearman,
    Spread TotalMae, Spread KlToEnsemble);
