using System.Text.Json;
using Hydra.Core.Calibration;
using Hydra.Core.Metrics;
using Hydra.Core.Models;

namespace Hydra.Core.Reports;

/// <summary>
/// report.json of one ensemble → KD → Hydra run. Model keys: member_mean, ensemble, kd, hydra, hydra_plus; set keys:
/// "test" and each OOD set's name. A classification report fills <see cref="Models"/>; a regression report fills
/// <see cref="Regression"/> instead, and its uncertainty and fidelity figures are variances in target units² rather
/// than entropies in nats.
/// </summary>
public sealed record RunReport
{
    public required string Dataset { get; init; }

    public required ModelTask Task { get; init; }

    public required int Members { get; init; }

    /// <summary>The architecture of KD, Hydra and Hydra+ (and of the members, unless <see cref="MemberArchitecture"/>
    /// says otherwise).</summary>
    public required string Architecture { get; init; }

    /// <summary>The members' architecture when it differs from the students' (<c>hydra run --student-arch</c>); null,
    /// and omitted, otherwise.</summary>
    public string? MemberArchitecture { get; init; }

    public required IReadOnlyList<int> Seeds { get; init; }

    public required string Device { get; init; }

    public required int Threads { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required int TrainRows { get; init; }

    public required int TestRows { get; init; }

    /// <summary>Classification only: in-domain test metrics per model (null, and omitted, for regression).</summary>
    public IReadOnlyDictionary<string, ClassificationScores>? Models { get; init; }

    /// <summary>Regression only: regression[set][model], on the test set and every OOD set, in target units.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, RegressionScores>>? Regression { get; init; }

    /// <summary>fidelity[student][set]: how closely the student's uncertainty follows the ensemble's.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, FidelityResult>> Fidelity { get; init; }

    /// <summary>ood[set][model].</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, OodScores>> Ood { get; init; }

    /// <summary>
    /// ood_flags[model]: how often the served model's out-of-distribution flag (epistemic uncertainty above its 99 %
    /// quantile on held-out test rows) fires on the other test rows and on each OOD set. Null in older reports.
    /// </summary>
    public IReadOnlyDictionary<string, OodFlagRates>? OodFlags { get; init; }

    /// <summary>The OOD set the run's summary leads with (see DatasetBundle.FeaturedOod), or null.</summary>
    public string? FeaturedOod { get; init; }

    /// <summary>ood_notes[set]: what an OOD set shows, and why when it is a known failure; null when none.</summary>
    public IReadOnlyDictionary<string, string>? OodNotes { get; init; }

    /// <summary>uncertainty[set][model].</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string,
        UncertaintySummary>> Uncertainty
    { get; init; }

    public required CostSummary Cost { get; init; }

    /// <summary>
    /// The teachers of a <c>hydra distill</c> run, in member order: the ensemble and member_mean rows are theirs. Null
    /// when the ensemble is the product's own members.
    /// </summary>
    public IReadOnlyList<TeacherSummary>? Teachers { get; init; }

    public required DateTimeOffset Created { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    public static RunReport FromJson(string json) =>
        JsonSerializer.Deserialize<RunReport>(json, HydraJson.Options)
            ?? throw new InvalidDataException("report.json is null.");
}
