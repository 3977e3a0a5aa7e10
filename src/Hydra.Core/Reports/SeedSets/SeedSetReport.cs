using System.Text.Json;

namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// The summary report.json of a run repeated over seed sets (hydra-method.md §4): every headline figure of the
/// per-set <see cref="RunReport"/>s as a <see cref="Spread"/> (mean, sample std, min–max over the sets).
/// Key conventions follow <see cref="RunReport"/>: models[model], fidelity[student][set], ood[set][model].
/// </summary>
public sealed record SeedSetReport
{
    public required string Dataset { get; init; }

    public required string Architecture { get; init; }

    public required int Members { get; init; }

    public required IReadOnlyList<SeedSetEntry> SeedSets { get; init; }

    /// <summary>The training settings, identical in every set (taken from the first).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required int TrainRows { get; init; }

    public required int TestRows { get; init; }

    /// <summary>Classification only: in-domain test metrics per model (null, and omitted, for regression).</summary>
    public IReadOnlyDictionary<string, ClassificationSpread>? Models { get; init; }

    /// <summary>Regression only: regression[set][model], on the test set and every OOD set, in target units.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, RegressionSpread>>? Regression { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, FidelitySpread>> Fidelity { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, OodSpread>> Ood { get; init; }

    /// <summary>
    /// ensemble_agreement[set]: the epistemic Spearman of one seed set's ensemble against another's on the same inputs,
    /// over every pair of sets — the reference for the students' fidelity (how reproducible the ranking the students
    /// follow is). Null with one set, and in reports written before it existed.
    /// </summary>
    public IReadOnlyDictionary<string, Spread>? EnsembleAgreement { get; init; }

    /// <summary>ood_notes[set]: what an OOD set shows, as in every set's report; null when none.</summary>
    public IReadOnlyDictionary<string, string>? OodNotes { get; init; }

    /// <summary>
    /// targets[student]: the hydra-method.md §5 checks, in the order of that section. A regression run has no accuracy
    /// or
    /// ECE, so it is checked on the uncertainty targets alone (epistemic Spearman and AUROC by epistemic).
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<TargetCheck>> Targets { get; init; }

    /// <summary>Parameter counts (the same in every set).</summary>
    public required CostSummary Cost { get; init; }

    public required DateTimeOffset Created { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    public static SeedSetReport FromJson(string json) =>
        JsonSerializer.Deserialize<SeedSetReport>(json, HydraJson.Options)
            ?? throw new InvalidDataException("report.json is null.");
}
