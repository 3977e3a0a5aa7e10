namespace Hydra.Core.Reports.SeedSets;

/// <summary>Regression metrics of one model on one input set over seed sets, in the original target units.</summary>
public sealed record RegressionSpread(Spread Rmse, Spread Nll, Spread Coverage95);
