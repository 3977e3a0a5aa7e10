using System.Globalization;
using System.Text;

namespace Hydra.Testing.Datasets;

/// <summary>
/// A small patients table made in code, as a user would bring it: an identifier column, two measurements, a
/// categorical clinic and a string diagnosis that the measurements and the clinic decide (a learnable rule with some
/// noise), so a classifier trained on it has string classes and a one-hot column.
/// </summary>
public static class PatientTable
{
    public const string FileName = "patients.csv";

    public const string Target = "diagnosis";

    public static IReadOnlyList<string> Clinics { get; } = ["north", "south", "west"];

    public static IReadOnlyList<string> Classes { get; } = ["benign", "malignant"];

    /// <summary>The header and <paramref name="rows"/> rows: id,mean radius,texture,clinic,diagnosis.</summary>
    public static string Csv(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,mean radius,texture,clinic,diagnosis\n");
        for (var i = 0; i < rows; i++)
        {
            var radius = 8 + (12 * random.NextDouble());
            var texture = 10 + (20 * random.NextDouble());
            var clinic = Clinics[i % Clinics.Count];
            var score = radius + (clinic == "south" ? 2 : 0) + (random.NextDouble() - 0.5);
            var diagnosis = score > 14.5 ? "malignant" : "benign";
            text.Append(CultureInfo.InvariantCulture, $"p{i},{radius:0.00},{texture:0.00},{clinic},{diagnosis}\n");
        }

        return text.ToString();
    }

    /// <summary>A dataset.json that trains on <see cref="FileName"/> with mean imputation.</summary>
    public static string Description(string? test = null) => test is null
        ? $$"""{"train": "{{FileName}}", "target": "{{Target}}", "impute": "mean"}"""
        : $$"""{"train": "{{FileName}}", "test": "{{test}}", "target": "{{Target}}", "impute": "mean"}""";
}
