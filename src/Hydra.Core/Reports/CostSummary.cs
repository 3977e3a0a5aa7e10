using System.Text.Json.Serialization;

namespace Hydra.Core.Reports;

/// <summary>
/// Parameter counts, multiply-accumulates per row and training throughput per phase; <see cref="CpuSeconds"/>, the
/// processor seconds of each phase trained in this run (absent for resumed phases and older reports);
/// <see cref="MacsKd"/>, KD's multiply-accumulates when its architecture is not the members' (absent otherwise: then
/// they are <see cref="MacsMember"/>).
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
    IReadOnlyDictionary<string, double>? CpuSeconds = null,
    long? MacsKd = null)
{
    /// <summary>KD's multiply-accumulates per row.</summary>
    [JsonIgnore]
    public long KdMacs => MacsKd ?? MacsMember;
}
