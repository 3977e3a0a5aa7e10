using System.Globalization;
using Hydra.Core.Models;

namespace Hydra.Training.Pipeline;

/// <summary>What a checkpoint's phases cost, written to its card and read back when a run resumes from it.</summary>
internal static class CardPhases
{
    private const string LegacyEpochs = ".epochs";
    private const string LegacySeconds = ".seconds";
    private const string LegacySamples = ".samples";

    public static IReadOnlyList<PhaseCost> Costs(IReadOnlyList<PhaseStats> phases) =>
        [.. phases.Select(p => new PhaseCost(p.Phase, p.Epochs, p.Samples, p.Seconds))];

    /// <summary>
    /// The card's phases as resumed stats (their final loss unknown). Cards written before
    /// <see cref="ModelCard.Phases"/> existed kept the cost as "{phase}.epochs", "{phase}.samples" and
    /// "{phase}.seconds" in the training settings.
    /// </summary>
    public static IReadOnlyList<PhaseStats> Resumed(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var costs = card.Phases.Count > 0 ? card.Phases : LegacyCosts(card.Training);
        return [.. costs.Select(c =>
            new PhaseStats(c.Name, c.Epochs, c.Samples, c.Seconds, double.NaN, Resumed: true))];
    }

    private static List<PhaseCost> LegacyCosts(IReadOnlyDictionary<string, string> training) =>
    [
        .. training.Keys
            .Where(k => k.EndsWith(LegacySeconds, StringComparison.Ordinal))
            .Select(k => k[..^LegacySeconds.Length])
            .Where(p => training.ContainsKey(p + LegacySamples) && training.ContainsKey(p + LegacyEpochs))
            .Select(p => new PhaseCost(p,
                int.Parse(training[p + LegacyEpochs], CultureInfo.InvariantCulture),
                long.Parse(training[p + LegacySamples], CultureInfo.InvariantCulture),
                double.Parse(training[p + LegacySeconds], CultureInfo.InvariantCulture))),
    ];
}
