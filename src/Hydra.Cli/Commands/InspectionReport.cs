using System.Globalization;
using Hydra.Core.Data.Images;

namespace Hydra.Cli.Commands;

/// <summary>How <c>hydra data inspect</c> prints classes and their balance, and what it found in an image folder.
/// </summary>
internal static class InspectionReport
{
    /// <summary>Each class's count and share, then the imbalance (largest / smallest).</summary>
    public static void PrintClasses(IReadOnlyList<KeyValuePair<string, int>> counts, TextWriter console)
    {
        var ic = CultureInfo.InvariantCulture;
        var total = Math.Max(1, counts.Sum(c => c.Value));
        foreach (var (name, count) in counts)
        {
            console.WriteLine(string.Create(ic, $"  {name}: {count} ({100.0 * count / total:0.0}%)"));
        }

        var smallest = counts.Min(c => c.Value);
        var ratio = smallest == 0 ? 0 : (double)counts.Max(c => c.Value) / smallest;
        console.WriteLine(smallest == 0 ? "  imbalance: a class has no rows"
            : string.Create(ic, $"  imbalance: {ratio:0.00} (largest/smallest)"));
    }

    public static void PrintImages(ImageInspection inspection, TextWriter console)
    {
        var ic = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(ic, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(inspection.Path))}: "
            + $"{inspection.Images} training images in {inspection.ClassCounts.Count} classes"));
        foreach (var (split, count) in inspection.OtherSplits)
        {
            console.WriteLine(string.Create(ic, $"  {split}: {count} images"));
        }

        console.WriteLine("Classes (sub-folders, in output order):");
        PrintClasses(inspection.ClassCounts, console);
        console.WriteLine("Sizes (from the headers):");
        foreach (var (size, count) in inspection.Sizes.Take(10))
        {
            console.WriteLine(string.Create(ic, $"  {size}: {count}"));
        }

        console.WriteLine($"Training converts every image to the first one's: {ImageInspection.Describe(
            inspection.First)} (--image-size WIDTHxHEIGHT and --channels 1|3 choose another)");
        if (inspection.Skipped > 0)
        {
            console.WriteLine(string.Create(ic, $"Files left out (not PNG or JPEG): {inspection.Skipped}"));
        }
    }
}
