namespace Hydra.Training.Pipeline;

/// <summary>How Hydra+ weights each pooled synthetic row's loss (<see cref="OffManifoldOptions.PoolWeighting"/>).
/// </summary>
public enum PoolWeighting
{
    /// <summary>Every pooled row counts the same.</summary>
    None,

    /// <summary>
    /// A row counts in proportion to the members' disagreement on it (the ensemble's epistemic uncertainty, raised to
    /// <see cref="OffManifoldOptions.PoolWeightPower"/>), normalised to mean 1 over the pool.
    /// </summary>
    Disagreement,
}
