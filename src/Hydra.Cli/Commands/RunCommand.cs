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

namespace Hydra.Cli.Commands;

/// <summary><c>hydra run</c>: ensemble → KD → Hydra → evaluation → report, on a named dataset.</summary>
internal static class RunCommand
{
    private static readonly Option<int> Members = new("--members", "-m")
    {
        Description = "Ensemble size M.",
        DefaultValueFactory = _ => 5
    };
    private static readonly Option<int?> MemberEpochs = new("--member-epochs")
    { Description = "Epochs per member (default: the protocol's)." };
    private static readonly Option<string?> StudentArch = new("--student-arch")
    {
        Description = "Architecture of KD, Hydra and Hydra+ (preset or JSON spec), when it is not the members' "
            + "(--arch): for example the members' body with wider heads. Default: --arch."
    };
    private static readonly Option<int> SeedSets = new("--seed-sets")
    {
        Description = "Repeat the run over N seed sets (set k seeds its members from seed + k·M; the data seed "
            + "stays fixed); each set in output/set-k, and a summary report (mean ± std, min–max) in output.",
        DefaultValueFactory = _ => 1
    };

    public static Command Create()
    {
        var command = new Command("run",
            "Train the ensemble, distil KD and Hydra, evaluate, and write checkpoints and report.json/report.md.");
        foreach (var option in new Option[] { Members, MemberEpochs, SeedSets, StudentArch }
            .Concat(DatasetFlags.All).Concat(DistillationFlags.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var console = Console.Out;
        var sets = parse.GetValue(SeedSets);
        CheckCounts(parse);
        var bundle = DatasetFlags.Load(parse, console);
        var spec = DatasetFlags.Spec(parse, bundle);
        // The students' architecture: --student-arch or the members', with --student-head-width's heads when given.
        var student = DistillationFlags.Students(parse, parse.GetValue(StudentArch) is { } studentArch
            ? DatasetFlags.LoadArchitecture(studentArch, bundle)
            : spec);
        var defaults = RunDefaults.Epochs(bundle, spec.Name);
        var options = DistillationFlags.WithRecipe(DistillationFlags.Apply(defaults, parse) with
        {
            Members = parse.GetValue(Members),
            MemberEpochs = parse.GetValue(MemberEpochs) ?? defaults.MemberEpochs,
        }, parse, bundle.Train.Count);
        var output = DistillationFlags.OutputFolder(parse, bundle, spec);
        console.WriteLine(DatasetFlags.Describe(bundle));
        console.WriteLine(ReferenceEquals(student, spec)
            ? $"Architecture {spec.Name}: member {spec.Parameters(1):N0} parameters, Hydra "
                + $"{spec.Parameters(options.Members):N0}; output {Path.GetFullPath(output)}"
            : $"Architecture: members {spec.Name} ({spec.Parameters(1):N0} parameters each), students {student.Name} "
                + $"(KD {student.Parameters(1):N0}, Hydra {student.Parameters(options.Members):N0}); output "
                + Path.GetFullPath(output));

        if (sets == 1)
        {
            var (single, plots, _) = await RunSetAsync(bundle, spec, student, options, output, console,
                cancellationToken);
            RunReports.Print(single, plots, output, console);
            return 0;
        }

        var reports = new List<RunReport>();
        var folders = new List<string>();
        var epistemic = new List<IReadOnlyDictionary<string, double[]>>();
        for (var k = 0; k < sets; k++)
        {
            // Seed set k takes the next M member seeds, so sets never share a member.
            var folder = string.Create(CultureInfo.InvariantCulture, $"set-{k}");
            var setOptions = options with { FirstSeed = options.FirstSeed + (k * options.Members) };
            console.WriteLine($"Seed set {k + 1}/{sets}: members seeded "
                + $"{setOptions.FirstSeed}–{setOptions.FirstSeed + options.Members - 1} → {folder}");
            var (report, _, detail) = await RunSetAsync(bundle, spec, student, setOptions, Path.Combine(output,
                folder), console, cancellationToken);
            reports.Add(report);
            folders.Add(folder);
            epistemic.Add(detail.EnsembleEpistemic());
        }

        var summary = SeedSetSummary.Aggregate(reports, folders, DateTimeOffset.UtcNow) with
        {
            EnsembleAgreement = SeedSetSummary.EnsembleAgreement(epistemic),
        };
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
        Require.AtLeast(parse.GetValue(MemberEpochs) ?? 0, 0, MemberEpochs.Name);
        DatasetFlags.CheckCounts(parse);
        DistillationFlags.CheckCounts(parse);
    }

    /// <summary>
    /// Trains (or resumes) one seed set in <paramref name="output"/>, evaluates it and writes its report and plots
    /// there; returns the report, the plots' file names and the per-input detail.
    /// </summary>
    private static async Task<(RunReport Report, IReadOnlyList<string> Plots, EvaluationDetail Detail)> RunSetAsync(
        DatasetBundle bundle, ArchitectureSpec spec, ArchitectureSpec student, TrainingOptions options, string output,
        TextWriter console, CancellationToken cancellationToken)
    {
        var store = new FolderArtifactStore(output);
        var pipeline = new HydraPipeline(options, new CheckpointStore(store), progress: new ConsoleProgress(console,
            !Console.IsOutputRedirected));
        using var models = await pipeline.TrainAsync(bundle, spec, student, cancellationToken);
        return await RunReports.WriteWithDetailAsync(models, store, console, cancellationToken);
    }
}
