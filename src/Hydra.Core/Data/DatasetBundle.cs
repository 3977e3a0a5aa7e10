using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Core.Data;

/// <summary>
/// The raw (unnormalised) splits of one dataset, its out-of-distribution sets by name, and the normalisation
/// the model should apply to all of them. Regression bundles also carry a per-feature normalisation and a target
/// scaling, both fitted on the training split only.
/// </summary>
public sealed record DatasetBundle(string Name, Dataset Train, Dataset Test, IReadOnlyDictionary<string, Dataset> Ood,
    Normalization Normalization)
{
    /// <summary>
    /// <see cref="ModelTask.Classification"/> (labels) or <see cref="ModelTask.Regression"/> (targets).
    /// </summary>
    public ModelTask Task { get; init; } = ModelTask.Classification;

    /// <summary>
    /// Per-feature z-scores to apply to every split (after <see cref="Normalization"/>), or null for none.
    /// </summary>
    public FeatureNormalization? FeatureNormalization { get; init; }

    /// <summary>How regression targets are standardised for training, or null for not at all.</summary>
    public TargetScaling? TargetScaling { get; init; }

    /// <summary>
    /// The OOD set the dataset was built to show (a run's summary leads with it), or null: the summary averages over
    /// the sets.
    /// </summary>
    public string? FeaturedOod { get; init; }

    /// <summary>
    /// A note per OOD set that the report prints under its OOD table: what the set shows, and why when it is a
    /// known failure case.
    /// </summary>
    public IReadOnlyDictionary<string, string> OodNotes { get; init; } = new Dictionary<string, string>();

    /// <summary>For a user's table: how a row by column name becomes a raw row (kept in the card); else null.</summary>
    public TabularSchema? Columns { get; init; }

    /// <summary>A validation split (a file, or training rows held out), for choosing settings; else null.</summary>
    public Dataset? Validation { get; init; }

    /// <summary>What the loader inferred or left out, for the person running: one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// For a dataset downloaded from storage: the SHA-256 of each of its files, recorded in every model card; else
    /// null.
    /// </summary>
    public Datasets.DatasetDigest? Files { get; init; }

    /// <summary>Facts about the training split (class counts, imbalance), recorded in the model card.</summary>
    public IReadOnlyDictionary<string, string> Summary { get; init; } = new Dictionary<string, string>();
}
