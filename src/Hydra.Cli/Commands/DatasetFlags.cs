using System.CommandLine;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Training.Pipeline;
using Hydra.Training.Planning;

namespace Hydra.Cli.Commands;

/// <summary>
/// The flags of <c>hydra run</c> and <c>hydra distill</c> that choose the data and the architecture, and loading them.
/// </summary>
internal static class DatasetFlags
{
    private static readonly Option<string> Dataset = new("--dataset", "-d")
    {
        Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}, or a path: a table (.csv, .tsv, .txt, "
            + "each optionally .gz; .parquet; with --target), an .npz (arrays x, y), an image folder (one sub-folder "
            + "per class, or train/ and test/ of those), IDX images (…-images-idx3-ubyte[.gz]) or a dataset.json.",
        DefaultValueFactory = _ => "spirals",
    };

    private static readonly Option<string?> Architecture = new("--arch", "-a")
    {
        Description = $"Architecture preset ({string.Join(", ", ArchitecturePresets.Names)}) or the path of a JSON "
            + "spec. Default: mlp for fashion-mnist, regression-mlp for regression, toy-mlp otherwise.",
    };

    private static readonly Option<int> DataSeed = new("--data-seed")
    {
        Description = "Seed of generated datasets and of the train/test split of tabular data.",
        DefaultValueFactory = _ => 0
    };
    private static readonly Option<string?> Target = new("--target")
    {
        Description = "For a data file: the label or target column (CSV header name or zero-based index; NPY "
            + "column index, −1 for the last) or the target array (NPZ)."
    };
    private static readonly Option<string> FeaturesArray = new("--features-array")
    { Description = "For an NPZ file: the features array.", DefaultValueFactory = _ => "x" };
    private static readonly Option<int?> TrainLimit = new("--train-limit")
    { Description = "Use only the first N training rows." };
    private static readonly Option<int?> TestLimit = new("--test-limit")
    { Description = "Use only the first N test rows." };

    public static IEnumerable<Option> All =>
        new Option[] { Dataset, Architecture, DataSeed, Target, FeaturesArray, TrainLimit, TestLimit }
            .Concat(TableOptions.All);

    /// <summary>Checks the counts a person typed before any data is loaded, naming each option as written.</summary>
    public static void CheckCounts(ParseResult parse)
    {
        foreach (var count in new[] { TrainLimit, TestLimit })
        {
            Require.AtLeast(parse.GetValue(count) ?? 0, 0, count.Name);
        }
    }

    /// <summary>Loads the named dataset, prints what the loader noted, and picks the split to evaluate on.</summary>
    public static DatasetBundle Load(ParseResult parse, TextWriter console)
    {
        var dataset = parse.GetValue(Dataset)!;
        var data = new DataOptions
        {
            TrainLimit = parse.GetValue(TrainLimit),
            TestLimit = parse.GetValue(TestLimit),
            Seed = parse.GetValue(DataSeed),
            Target = parse.GetValue(Target),
            FeaturesArray = parse.GetValue(FeaturesArray)!,
            Tabular = TableOptions.Read(parse),
        };
        console.WriteLine($"Loading {dataset} …");
        var loaded = DatasetCatalog.Load(dataset, data);
        TableOptions.PrintNotes(loaded, console);
        var bundle = TableOptions.Select(loaded, parse, console);
        DatasetCompatibility.EnsureSupported(bundle);
        return bundle;
    }

    /// <summary>The architecture --arch names, or the default for the bundle.</summary>
    public static ArchitectureSpec Spec(ParseResult parse, DatasetBundle bundle) =>
        LoadArchitecture(parse.GetValue(Architecture) ?? RunDefaults.Architecture(bundle), bundle);

    /// <summary>A preset built for the bundle's rows and outputs, or a JSON spec file.</summary>
    public static ArchitectureSpec LoadArchitecture(string nameOrPath, DatasetBundle bundle)
    {
        if (File.Exists(nameOrPath))
        {
            return ArchitectureSpec.FromJson(File.ReadAllText(nameOrPath));
        }

        var spec = ArchitecturePresets.ByName(nameOrPath, bundle.Train.RowShape,
            DatasetCompatibility.HeadWidth(bundle));
        spec.Validate();
        return spec;
    }

    /// <summary>"N training rows, N test rows, OOD sets: …".</summary>
    public static string Describe(DatasetBundle bundle)
    {
        var oodSets = bundle.Ood.Count == 0
            ? "none"
            : string.Join(", ", bundle.Ood.Select(o => $"{o.Key} ({o.Value.Count})"));
        return $"{bundle.Train.Count} training rows, {bundle.Test.Count} test rows, OOD sets: {oodSets}";
    }
}
