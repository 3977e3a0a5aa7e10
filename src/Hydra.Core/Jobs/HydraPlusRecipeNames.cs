namespace Hydra.Core.Jobs;

/// <summary>
/// The Hydra+ recipes a job (<see cref="TrainingJobRequest.HydraPlusRecipe"/>) or <c>hydra run --plus-recipe</c> can
/// name; the trainer turns them into settings (Hydra.Training's <c>HydraPlusRecipes</c>).
/// </summary>
public static class HydraPlusRecipeNames
{
    /// <summary>The members label two fresh synthetic rows per real row every batch (the default).</summary>
    public const string PerBatch = "per-batch";

    /// <summary>Synthetic rows labelled once, as a pool, in a phase 2 continued from the trained Hydra.</summary>
    public const string Pooled = "pooled";

    /// <summary>
    /// A pool of half the training rows from three families (noisy, cutmix, turn) and a short phase 2 continued from
    /// Hydra: the CNN's recipe within the cost limit, with wider student heads (chosen on the CNN's validation sets).
    /// </summary>
    public const string PooledMixed = "pooled-mixed";

    public static IReadOnlyList<string> All { get; } = [PerBatch, Pooled, PooledMixed];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
