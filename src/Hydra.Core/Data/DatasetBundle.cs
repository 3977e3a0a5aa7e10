namespace Hydra.Core.Data;

/// <summary>
/// The raw (unnormalised) splits of one dataset, its out-of-distribution sets by name, and the normalisation
/// the model should apply to all of them. Regression bundles also carry a per-feature normalisation and a target
/// scaling, both fitted on the training split only.
/// </summary>
public sealed record DatasetBundle(string Name, Dataset Train, Dataset Test, IReadOnlyDictionary<string, Dataset> Ood, Normalization Normalization)
{
    public const string ClassificationTask = "classification";
    public const string RegressionTask = "regression";

    /// <summary><see cref="ClassificationTask"/> (labels) or <see cref="RegressionTask"/> (targets).</summary>
    public string Task { get; init; } = ClassificationTask;

    /// <summary>Per-feature z-scores to apply to every split (after <see cref="Normalization"/>), or null for none.</summary>
    public FeatureNormalization? FeatureNormalization { get; init; }

    /// <summary>How regression targets are standardised for training, or null for not at all.</summary>
    public TargetScaling? TargetScaling { get; init; }
}
