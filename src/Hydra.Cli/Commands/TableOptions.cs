using System.CommandLine;
using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Cli.Commands;

/// <summary>
/// The flags of <c>hydra run</c> that describe a user's data (the same settings a dataset.json holds), and which
/// split a run is evaluated on.
/// </summary>
internal static class TableOptions
{
    private static readonly Option<ModelTask?> Task = new("--task")
    {
        Description = "For a table: classification or regression. Text labels mean classification; integer labels "
            + "need this.",
    };
    private static readonly Option<string?> Classes = new("--classes")
    {
        Description = "The classes in output order, comma-separated (default: a table's labels or an image folder's "
            + "sub-folders, sorted).",
    };
    private static readonly Option<string?> Labels = new("--labels")
    {
        Description = "For a features .npy: its labels .npy (default: y.npy beside x.npy, y_test.npy beside "
            + "x_test.npy, labels.npy beside features.npy).",
    };
    private static readonly Option<string?> Exclude = new("--exclude")
    { Description = "For a table: columns to leave out, comma-separated." };
    private static readonly Option<string?> Features = new("--features")
    { Description = "For a table: the only feature columns, comma-separated (keeps an identifier-like column)." };
    private static readonly Option<ImputeStrategy?> Impute = new("--impute")
    {
        Description = "For a table: fill missing cells with the training split's mean, median (most frequent "
            + "category for text) or zero; without it a missing cell is an error.",
    };
    private static readonly Option<string?> TestFile = new("--test")
    {
        Description = "A separate test file or image folder (default: a seeded 20% of the rows, per class; an image "
            + "folder's test/ sub-folder).",
    };
    private static readonly Option<string?> Validation = new("--validation")
    {
        Description = "A validation file or image folder, or the share of training rows to hold out for it (e.g. 0.2).",
    };
    private static readonly Option<string[]> Ood = new("--ood")
    {
        Description = "An out-of-distribution set NAME=FILE (the same feature columns) or NAME=FOLDER (images) "
            + "(repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<string?> ImageSize = new("--image-size")
    { Description = "For images: resize every image to WIDTHxHEIGHT, e.g. 28x28 (default: the first image's)." };
    private static readonly Option<int?> Channels = new("--channels")
    { Description = "For images: 1 (grey) or 3 (RGB) channels (default: the first image's)." };
    private static readonly Option<string> EvaluateOn = new("--evaluate-on")
    {
        Description = "test, or validation: evaluate and report on the validation split instead, to choose settings "
            + "without touching the test set.",
        DefaultValueFactory = _ => "test",
    };

    public static IEnumerable<Option> All => [Task, Classes, Labels, Exclude, Features, Impute, TestFile, Validation,
        Ood, ImageSize, Channels, EvaluateOn];

    /// <summary>The table settings the flags give (null when none is given).</summary>
    public static DatasetDescription Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var validation = parse.GetValue(Validation);
        var fraction = double.TryParse(validation, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
            ? f : 0;
        if (fraction is < 0 or >= 1)
        {
            throw new InvalidRequestException($"--validation {validation}: a share must be in [0, 1).");
        }

        return new DatasetDescription
        {
            Task = parse.GetValue(Task),
            Classes = List(parse.GetValue(Classes)),
            Labels = parse.GetValue(Labels),
            Exclude = List(parse.GetValue(Exclude)) ?? [],
            Features = List(parse.GetValue(Features)),
            Impute = parse.GetValue(Impute) ?? ImputeStrategy.None,
            Test = parse.GetValue(TestFile),
            Validation = fraction > 0 ? null : validation,
            ValidationFraction = fraction,
            Ood = OodSets(parse.GetValue(Ood) ?? []),
            ImageSize = parse.GetValue(ImageSize),
            Channels = parse.GetValue(Channels),
        };
    }

    /// <summary>
    /// The bundle to train and evaluate: as loaded, or with its validation split in the test set's place.
    /// </summary>
    public static DatasetBundle Select(DatasetBundle bundle, ParseResult parse, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(console);
        var on = parse.GetValue(EvaluateOn);
        if (string.Equals(on, "test", StringComparison.OrdinalIgnoreCase))
        {
            return bundle;
        }

        if (!string.Equals(on, "validation", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"--evaluate-on {on}: give test or validation.");
        }

        if (bundle.Validation is not { } validation)
        {
            throw new InvalidRequestException(
                "--evaluate-on validation needs a validation split: --validation FILE or --validation 0.2.");
        }

        console.WriteLine($"  evaluating on the validation split ({validation.Count} rows) in place of the test set; "
            + "the \"test\" figures below are validation figures");
        return bundle with { Test = validation };
    }

    /// <summary>Prints what the loader inferred or left out.</summary>
    public static void PrintNotes(DatasetBundle bundle, TextWriter console)
    {
        foreach (var note in bundle.Notes)
        {
            console.WriteLine($"  {note}");
        }
    }

    private static IReadOnlyList<string>? List(string? text) => text is null ? null
        : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static Dictionary<string, string> OodSets(string[] values)
    {
        var sets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new InvalidRequestException($"--ood {value}: give NAME=FILE.");
            }

            if (!sets.TryAdd(value[..equals], value[(equals + 1)..]))
            {
                throw new InvalidRequestException($"--ood {value}: the name '{value[..equals]}' is given twice.");
            }
        }

        return sets;
    }
}
