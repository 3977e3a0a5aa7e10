namespace Hydra.Core.Reports;

/// <summary>Parameter counts, multiply-accumulates per row and training throughput per phase.</summary>
public sealed record CostSummary(
    long ParamsMember,
    long ParamsEnsemble,
    long ParamsKd,
    long ParamsHydra,
    long MacsMember,
    long MacsEnsemble,
    long MacsHydra,
    IReadOnlyDictionary<string, double> SamplesPerSecond,
    IReadOnlyDictionary<string, double> Seconds);
