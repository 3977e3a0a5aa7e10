using Hydra.Core.Architecture;

namespace Hydra.Cli.Bench;

/// <summary>
/// Multiply-accumulates per row of each way of serving: one body and M heads, M whole members, one member.
/// </summary>
internal sealed record MacCounts(long Hydra, long Ensemble, long Member)
{
    public static MacCounts Of(ArchitectureSpec architecture, int members)
    {
        var (body, head) = architecture.MultiplyAccumulates();
        return new MacCounts(body + (members * head), members * (body + head), body + head);
    }

    /// <summary>The speedup Hydra could reach over the ensemble graph if time followed MACs.</summary>
    public double Bound => (double)Ensemble / Hydra;
}
