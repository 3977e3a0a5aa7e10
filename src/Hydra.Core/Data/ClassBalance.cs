using System.Globalization;

namespace Hydra.Core.Data;

/// <summary>
/// What a person should know about a training split's classes, for the run's notes and the model card: the count of
/// each class, the imbalance (largest / smallest), and a warning for a class with fewer than two rows.
/// </summary>
public static class ClassBalance
{
    /// <summary>Entries "class_counts", "imbalance" and "warning.{class}" for <paramref name="summary"/>.</summary>
    public static void Describe(IReadOnlyList<string> classes, IReadOnlyList<int> labels,
        IDictionary<string, string> summary)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(summary);
        var counts = new int[classes.Count];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        summary["class_counts"] = string.Join(", ", classes.Select((c, i) => $"{c}={counts[i]}"));
        var smallest = counts.Min();
        summary["imbalance"] = smallest == 0 ? "a class has no training rows"
            : (counts.Max() / (double)smallest).ToString("0.00", CultureInfo.InvariantCulture) + " (largest/smallest)";
        for (var i = 0; i < classes.Count; i++)
        {
            if (counts[i] < 2)
            {
                summary[$"warning.{classes[i]}"] = counts[i] == 0
                    ? $"class '{classes[i]}' has no training rows: the model never sees it"
                    : $"class '{classes[i]}' has one row: it is trained on but never tested";
            }
        }
    }
}
