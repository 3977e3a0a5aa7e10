namespace Hydra.Core.Reports.SeedSets;

/// <summary>In-domain test metrics of one model over seed sets.</summary>
public sealed record ClassificationSpread(Spread Accuracy, Spread Nll, Spread Brier, Spread Ece);
