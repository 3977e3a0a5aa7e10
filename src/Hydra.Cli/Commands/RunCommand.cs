using System.CommandLine;
using System.Globalization;
using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Reports;
using Hydra.Core.Reports.SeedSets;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Planning;
using Hydra.Training.Reporting;

namespace Hydra.Cli.Commands;

/// <summary><c>hydra run</c>: ensemble → KD → Hydra → evaluation → report, on a named dataset.</summary>
internal static class RunCommand
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

    private static readonly Option<int> Members = new("--members", "-m")
    {
        Description = "Ensemble size M.",
        DefaultValueFactory = _ => 5
    };
    private static readonly Option<int?> MemberEpochs = new("--member-epochs")
    { Description = "Epochs per member (default: the protocol's)." };
    private static readonly Option<int?> KdEpochs = new("--kd-epochs") { Description = "Epochs of the KD baseline." };
    private static readonly Option<int?> Phase1Epochs = new("--hydra-phase1-epochs")
    { Description = "Epochs of Hydra's phase 1 (the Hinton head)." };
    private static readonly Option<int?> Phase2Epochs = new("--hydra-phase2-epochs")
    { Description = "Epochs of Hydra's phase 2 (M heads)." };
    private static readonly Option<bool> NoHydraPlus = new("--no-hydra-plus")
    { Description = "Skip Hydra+ (the off-manifold distillation reported as hydra_plus)." };
    private static readonly Option<double> PlusNoise = new("--plus-noise")
    {
        Description = "Hydra+: std of the Gaussian noise added to its synthetic inputs (normalised units).",
        DefaultValueFactory = _ => new OffManifoldOptions().NoiseStd
    };
    private static readonly Option<bool> PlusNoMixup = new("--plus-no-mixup")
    { Description = "Hydra+: make synthetic inputs by noise alone, without mixup." };
    private static readonly Option<double?> PlusNoiseMin = new("--plus-noise-min")
    {
        Description = "Hydra+: draw each synthetic row's noise std log-uniformly between this and --plus-noise "
            + "(default: the fixed --plus-noise)."
    };
    private static readonly Option<double> PlusShuffle = new("--plus-shuffle")
    {
        Description = "Hydra+: fraction of synthetic rows whose features are randomly permuted.",
        DefaultValueFactory = _ => new OffManifoldOptions().ShuffleFraction
    };
    private static readonly Option<int> PlusCopies = new("--plus-copies")
    {
        Description = "Hydra+: synthetic rows per training row.",
        DefaultValueFactory = _ => new OffManifoldOptions().Copies
    };
    private static readonly Option<double> PlusAdversarial = new("--plus-adversarial")
    {
        Description = "Hydra+: size of one signed-gradient step that moves each synthetic row towards more "
            + "head–member disagreement (0: off).",
        DefaultValueFactory = _ => new OffManifoldOptions().AdversarialStep
    };
    private static readonly Option<double> PlusWeight = new("--plus-weight")
    {
        Description = "Hydra+: weight of the off-manifold loss against the real rows'.",
        DefaultValueFactory = _ => new OffManifoldOptions().Weight
    };
    private static readonly Option<double> Temperature = new("--temperature",
        "-T")
    { Description = "Distillation temperature.", DefaultValueFactory = _ => 2.0 };
    private static readonly Option<double> LearningRate = new("--lr")
    {
        Description = "Adam learning rate.",
        DefaultValueFactory = _ => 1e-3
    };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Mini-batch size.",
        DefaultValueFactory = _ => 128
    };
    private static readonly Option<int> Seed = new("--seed")
    { Description = "Seed of member 0; member m uses seed + m.", DefaultValueFactory = _ => 0 };
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
    private static readonly Option<int> SeedSets = new("--seed-sets")
    {
        Description = "Repeat the run over N seed sets (set k seeds its members from seed + k·M; the data seed "
            + "stays fixed); each set in output/set-k, and a summary report (mean ± std, min–max) in output.",
        DefaultValueFactory = _ => 1
    };
    private static readonly Option<string> Device = new("--device")
    {
        Description = "auto, cpu or cuda.",
        DefaultValueFactory = _ => "auto"
    };
    private static readonly Option<int> Threads = new("--threads")
    { Description = "CPU threads for libtorch (0: libtorch's default).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> TrainLimit = new("--train-limit")
    { Description = "Use only the first N training rows." };
    private static readonly Option<int?> TestLimit = new("--test-limit")
    { Description = "Use only the first N test rows." };
    private static readonly Option<string?> Output = new("--output",
        "-o")
    {
        Description = "Output folder (default: runs/{dataset}-{arch}-{time}). Finished checkpoints found "
            + "there are reused."
    };

    public static Command Create()
    {
        var command = new Command("run",
            "Train the ensemble, distil KD and Hydra, evaluate, and write checkpoints and report.json/report.md.");
        foreach (var option in new Option[] { Dataset, Architecture, Members, MemberEpochs, KdEpochs, Phase1Epochs,
            Phase2Epochs, NoHydraPlus, PlusNoise, PlusNoiseMin, PlusNoMixup, PlusShuffle, PlusCopies, PlusAdversarial,
                PlusWeight, Temperature, LearningRate, BatchSize, Seed, SeedSets, DataSeed, Target, FeaturesArray,
                    Device, Threads, TrainLimit, TestLimit, Output }.Concat(TableOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var console = Console.Out;
        var dataset = parse.GetValue(Dataset)!;
        var sets = parse.GetValue(SeedSets);
        CheckCounts(parse);

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
        var spec = LoadArchitecture(parse.GetValue(Architecture) ?? RunDefaults.Architecture(bundle), bundle);
        var defaults = RunDefaults.Epochs(bundle, spec.Name);
        var options = defaults with
        {
            Members = parse.GetValue(Members),
            MemberEpochs = parse.GetValue(MemberEpochs) ?? defaults.MemberEpochs,
            KdEpochs = parse.GetValue(KdEpochs) ?? defaults.KdEpochs,
            HydraPhase1Epochs = parse.GetValue(Phase1Epochs) ?? defaults.HydraPhase1Epochs,
            HydraPhase2Epochs = parse.GetValue(Phase2Epochs) ?? defaults.HydraPhase2Epochs,
            HydraPlus = !parse.GetValue(NoHydraPlus),
            OffManifold = new OffManifoldOptions(!parse.GetValue(PlusNoMixup), parse.GetValue(PlusNoise),
                parse.GetValue(PlusWeight),
                parse.GetValue(PlusNoiseMin), parse.GetValue(PlusShuffle), parse.GetValue(PlusCopies),
                    parse.GetValue(PlusAdversarial)),
            Temperature = parse.GetValue(Temperature),
            LearningRate = parse.GetValue(LearningRate),
            BatchSize = parse.GetValue(BatchSize),
            FirstSeed = parse.GetValue(Seed),
            Device = parse.GetValue(Device)!,
            Threads = parse.GetValue(Threads),
        };
        var output = parse.GetValue(Output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture,
            $"{bundle.Name}-{spec.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        var oodSets = bundle.Ood.Count == 0
            ? "none"
            : string.Join(", ", bundle.Ood.Select(o => $"{o.Key} ({o.Value.Count})"));
        console.WriteLine($"{bundle.Train.Count} training rows, {bundle.Test.Count} test rows, OOD sets: {oodSets}");
        console.WriteLine($"Architecture {spec.Name}: member {spec.Parameters(1):N0} parameters, Hydra "
            + $"{spec.Parameters(options.Members):N0}; output {Path.GetFullPath(output)}");

        if (sets == 1)
        {
            var (single, plots) = await RunSetAsync(bundle, spec, options, output, console, cancellationToken);
            console.WriteLine();
            console.WriteLine(MarkdownReport.Render(single));
            console.WriteLine($"Wrote checkpoints, report.json, report.md and plots to {Path.GetFullPath(output)}");
            console.WriteLine();
            console.Write(RunSummary.Render(single, Path.GetFullPath(output), plots));
            return 0;
        }

        var reports = new List<RunReport>();
        var folders = new List<string>();
        for (var k = 0; k < sets; k++)
        {
            // Seed set k takes the next M member seeds, so sets never share a member.
            var folder = string.Create(CultureInfo.InvariantCulture, $"set-{k}");
            var setOptions = options with { FirstSeed = options.FirstSeed + (k * options.Members) };
            console.WriteLine($"Seed set {k + 1}/{sets}: members seeded "
                + $"{setOptions.FirstSeed}–{setOptions.FirstSeed + options.Members - 1} → {folder}");
            reports.Add((await RunSetAsync(bundle, spec, setOptions, Path.Combine(output, folder), console,
                cancellationToken)).Report);
            folders.Add(folder);
        }

        var summary = SeedSetSummary.Aggregate(reports, folders, DateTimeOffset.UtcNow);
        var store = new FolderArtifactStore(output);
        var markdown = SeedSetMarkdown.Render(summary);
        await store.WriteAsync("report.json", Encoding.UTF8.GetBytes(summary.ToJson()), cancellationToken);
        await store.WriteAsync("report.md", Encoding.UTF8.GetBytes(markdown), cancellationToken);
        console.WriteLine();
        console.WriteLine(markdown);
        console.WriteLine($"Wrote {sets} seed sets and the summary report.json, report.md to {store.Root}");
        return 0;
    }

    /// <summary>Checks the counts a person typed before any data is loaded, naming each option as written.</summary>
    private static void CheckCounts(ParseResult parse)
    {
        Require.AtLeast(parse.GetValue(SeedSets), 1, SeedSets.Name);
        Require.AtLeast(parse.GetValue(Members), 1, Members.Name);
        foreach (var count in new[] { MemberEpochs, KdEpochs, Phase1Epochs, Phase2Epochs, TrainLimit, TestLimit })
        {
            Require.AtLeast(parse.GetValue(count) ?? 0, 0, count.Name);
        }

        Require.AtLeast(parse.GetValue(BatchSize), 1, BatchSize.Name);
        Require.AtLeast(parse.GetValue(Threads), 0, Threads.Name);
        Require.AtLeast(parse.GetValue(PlusCopies), 1, PlusCopies.Name);
    }

    /// <summary>
    /// Trains (or resumes) one seed set in <paramref name="output"/>, evaluates it and writes its report and plots
    /// there; returns the report and the plots' file names.
    /// </summary>
    private static async Task<(RunReport Report, IReadOnlyList<string> Plots)> RunSetAsync(DatasetBundle bundle,
        ArchitectureSpec spec, TrainingOptions options, string output,
        TextWriter console, CancellationToken cancellationToken)
    {
        var store = new FolderArtifactStore(output);
        var pipeline = new HydraPipeline(options, new CheckpointStore(store), progress: new ConsoleProgress(console,
            !Console.IsOutputRedirected));
        using var models = await pipeline.TrainAsync(bundle, spec, cancellationToken);
        console.WriteLine("Evaluating …");
        var (report, detail) = Evaluator.EvaluateWithDetail(models, cancellationToken: cancellationToken);
        var plots = ReportPlots.Write(detail, store.Root);
        var markdown = MarkdownReport.Render(report, plots);
        await store.WriteAsync("report.json", Encoding.UTF8.GetBytes(report.ToJson()), cancellationToken);
        await store.WriteAsync("report.md", Encoding.UTF8.GetBytes(markdown), cancellationToken);
        return (report, plots);
    }

    private static ArchitectureSpec LoadArchitecture(string nameOrPath, DatasetBundle bundle)
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
}
