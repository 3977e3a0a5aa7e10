namespace Hydra.Core.Reports;

/// <summary>
/// Parameter counts, multiply-accumulates per row and training throughput per phase; <see cref="CpuSeconds"/>, the
/// processor seconds of each phase trained in this run (absent for resumed phases and older reports).
/// </summary>
public sealed record CostSummary(
    long ParamsMember,
    long ParamsEnsemble,
    long ParamsKd,
    long ParamsHydra,
    long MacsMember,
    long MacsEnsemble,
    long MacsHydra,
    IReadOnlyDictionary<string, double> SamplesPerSecond,
    IReadOnlyDictionary<string, double> Seconds,
    IReadOnlyDictionary<string, double>? CpuSeconds = null);
