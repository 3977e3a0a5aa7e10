using System.CommandLine;
using System.Globalization;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Onnx;
using Hydra.Training.Pipeline;
using Hydra.Training.Planning;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra distill</c>: teachers trained anywhere (ONNX files or checkpoints) stand in for the ensemble; KD, Hydra and
/// Hydra+ are distilled from them, evaluated against them with the report and plots of <c>hydra run</c>, and the Hydra
/// is exported to ONNX with its parity checked.
/// </summary>
internal static class DistillCommand
{
    public static Command Create()
    {
        var command = new Command("distill",
            "Distil KD, Hydra and Hydra+ from M teachers trained elsewhere (ONNX files or safetensors checkpoints), "
                + "evaluate them against the teachers' ensemble, write the report and export the Hydra.");
        foreach (var option in TeacherFlags.All.Concat(DatasetFlags.All).Concat(DistillationFlags.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var console = Console.Out;
        DatasetFlags.CheckCounts(parse);
        DistillationFlags.CheckCounts(parse);
        TeacherFlags.Files(parse.GetValue(TeacherFlags.Teachers) ?? []);
        var bundle = DatasetFlags.Load(parse, console);
        // Checkpoint teachers default to --arch as given; only the students get --student-head-width's heads.
        var teacherSpec = DatasetFlags.Spec(parse, bundle);
        var spec = DistillationFlags.Students(parse, teacherSpec);
        console.WriteLine(DatasetFlags.Describe(bundle));
        console.WriteLine("Loading the teachers …");
        var teachers = TeacherFlags.Load(parse, bundle, teacherSpec, console);
        try
        {
            var ensemble = TeacherChecks.Validate(teachers, bundle, cancellationToken);
            foreach (var note in ensemble.Notes)
            {
                console.WriteLine($"  {note}");
            }

            console.WriteLine($"{ensemble.Count} teachers agree: {teachers[0].Signature.Describe()}, and answered "
                + $"a probe of {Math.Min(TeacherChecks.ProbeRows, bundle.Train.Count)} training rows with finite "
                + "values.");
            var options = Options(parse, bundle, ensemble, console, cancellationToken);
            var output = DistillationFlags.OutputFolder(parse, bundle, spec, "distill-");
            console.WriteLine($"Architecture {spec.Name}: KD {spec.Parameters(1):N0} parameters, Hydra "
                + $"{spec.Parameters(options.Members):N0}; KD {options.KdEpochs} epochs, Hydra "
                + $"{options.HydraPhase1Epochs}+{options.HydraPhase2Epochs}, T = {options.Temperature}; output "
                + Path.GetFullPath(output));

            var store = new FolderArtifactStore(output);
            var pipeline = new HydraPipeline(options, new CheckpointStore(store),
                progress: new ConsoleProgress(console, !Console.IsOutputRedirected));
            using var models = await pipeline.DistillAsync(bundle, spec, ensemble, cancellationToken);
            var (report, plots) = await RunReports.WriteAsync(models, store, console, cancellationToken);
            await ExportHydraAsync(store, output, console, cancellationToken);
            RunReports.Print(report, plots, output, console);
            return 0;
        }
        finally
        {
            teachers.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// The flags over <see cref="DistillDefaults"/>: epochs from the training rows, T from the teachers' confidence
    /// unless -T is given.
    /// </summary>
    private static TrainingOptions Options(ParseResult parse, DatasetBundle bundle, TeacherEnsemble ensemble,
        TextWriter console, CancellationToken cancellationToken)
    {
        var flagged = DistillationFlags.Apply(new TrainingOptions(), parse);
        var confidence = TeacherConfidence.Of(ensemble, bundle.Train, cancellationToken);
        var defaults = DistillDefaults.Apply(flagged, bundle, confidence);
        var given = DistillationFlags.TemperatureGiven(parse);
        var options = DistillationFlags.WithRecipe(DistillationFlags.Apply(defaults, parse) with
        {
            Members = ensemble.Count,
            MemberEpochs = 0,
            Temperature = given ? flagged.Temperature : defaults.Temperature,
        }, parse, bundle.Train.Count);
        if (confidence is not null)
        {
            var why = given ? "-T" : string.Create(CultureInfo.InvariantCulture,
                $"the default: the T that brings it to {TeacherConfidence.TargetMaxProbability}");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Teachers' mean max-probability on the "
                + $"training rows: {confidence.MeanMaxProbability(1):F4} at T = 1, "
                + $"{confidence.MeanMaxProbability(options.Temperature):F4} at T = {options.Temperature} ({why})."));
        }

        return options;
    }

    /// <summary>
    /// Exports the distilled Hydra to "{output}/onnx/hydra" and reports its parity as hydra export does.
    /// </summary>
    private static async Task ExportHydraAsync(FolderArtifactStore store, string output, TextWriter console,
        CancellationToken cancellationToken)
    {
        console.WriteLine("Exporting the Hydra to ONNX (parity-checked) …");
        var result = await new OnnxExporter().ExportAsync(new CheckpointStore(store), "hydra",
            new FolderArtifactStore(Path.Combine(output, "onnx")), "hydra", new OnnxExportOptions { ModelId = "hydra" },
            cancellationToken);
        var parity = result.Manifest.Parity;
        var measure = result.Manifest.Task == ModelTask.Regression ? "|Δ(mean, variance)| / max(1, |value|)" : "|Δp|";
        var written = Path.Combine(output, "onnx", result.ModelPath);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Parity: max {measure} {parity.MaxAbsDiffProbe:G3} on the card's probe, {parity.MaxAbsDiffRandom:G3} on "
                + $"random rows; tolerance {parity.Tolerance:G3}; wrote {written}"));
    }
}
