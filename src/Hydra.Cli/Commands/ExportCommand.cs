using System.CommandLine;
using System.Globalization;
using Hydra.Core.Checkpoints;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;
using Hydra.Onnx.Teachers;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra export</c>: a checkpoint (or a run's ensemble members as one graph) → model.onnx + manifest.json.
/// </summary>
internal static class ExportCommand
{
    private static readonly Option<string?> Checkpoint = new("--checkpoint",
        "-c")
    {
        Description = "A checkpoint folder (model.json + model.safetensors), e.g. runs/x/hydra, runs/x/kd or "
            + "runs/x/members/0."
    };
    private static readonly Option<string?> Ensemble = new("--ensemble",
        "-e")
    { Description = "A run folder whose members/0..M-1 are exported together as one ensemble graph." };
    private static readonly Option<string> Output = new("--output",
        "-o")
    { Description = "Folder to write model.onnx and manifest.json to.", Required = true };
    private static readonly Option<string?> ModelId = new("--model-id")
    { Description = "Model id in the metadata and manifest (default: the output folder's name)." };
    private static readonly Option<double> Tolerance = new("--tolerance")
    { Description = "Largest head-probability difference parity accepts.", DefaultValueFactory = _ => 1e-5 };
    private static readonly Option<bool> StackHeads = new("--stack-heads")
    {
        Description = "Run a Hydra's heads as stacked weights (one Gemm, batched MatMuls) instead of one branch "
            + "per head."
    };
    private static readonly Option<bool> StackMembers = new("--stack-members")
    { Description = "Run an ensemble's first weighted layer for all members as one Gemm/Conv, then split." };
    private static readonly Option<bool> AsTeachers = new("--as-teachers")
    {
        Description = "Write teacher files for hydra distill instead: raw rows in, logits (or mean and variance) "
            + "out; one member-{i}.onnx per member of --ensemble, or teacher.onnx for --checkpoint."
    };

    public static Command Create()
    {
        var command = new Command("export",
            "Export a checkpoint to ONNX with in-graph uncertainty, after checking parity with the trainer's outputs.");
        foreach (var option in new Option[] { Checkpoint, Ensemble, Output, ModelId, Tolerance, StackHeads,
            StackMembers, AsTeachers })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetValue(Checkpoint) is null) == (result.GetValue(Ensemble) is null))
            {
                result.AddError("Give exactly one of --checkpoint and --ensemble.");
            }
        });
        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(parse.GetValue(Output)!).TrimEnd(Path.DirectorySeparatorChar);
        if (parse.GetValue(AsTeachers))
        {
            return await ExportTeachersAsync(parse, output, cancellationToken);
        }

        var modelId = parse.GetValue(ModelId) ?? Path.GetFileName(output);
        if (!OnnxExportOptions.IsValidModelId(modelId))
        {
            // Checked here, so that the message names what the person typed rather than an exporter argument.
            throw new InvalidRequestException(parse.GetValue(ModelId) is null
                ? $"The output folder's name '{modelId}' is the model id by default, and a model id uses only letters, "
                    + "digits, '-', '_' and '.': give --model-id, or another folder name."
                : $"--model-id '{modelId}' must use only letters, digits, '-', '_' and '.'.");
        }

        var options = new OnnxExportOptions
        {
            ModelId = modelId,
            ParityTolerance = parse.GetValue(Tolerance),
            StackHeads = parse.GetValue(StackHeads),
            StackMembers = parse.GetValue(StackMembers),
        };
        var target = new FolderArtifactStore(Path.GetDirectoryName(output)!);
        var modelFolder = Path.GetFileName(output);
        var exporter = new OnnxExporter();
        OnnxExportResult result;
        if (parse.GetValue(Checkpoint) is { } checkpoint)
        {
            var (store, folder) = Split(checkpoint);
            result = await exporter.ExportAsync(store, folder, target, modelFolder, options, cancellationToken);
        }
        else
        {
            var (store, folder) = Split(parse.GetValue(Ensemble)!);
            result = await exporter.ExportEnsembleAsync(store, folder, target, modelFolder, options, cancellationToken);
        }

        var manifest = result.Manifest;
        var parity = manifest.Parity;
        var regression = manifest.Task == ModelTask.Regression;
        var outputs = regression ? "Gaussian regression" : $"{manifest.Classes.Count} classes";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Exported {manifest.Kind} '{manifest.ModelId}' ({manifest.Heads} heads, {outputs}, "
                + $"{manifest.MultiplyAccumulates:N0} multiply-accumulates per row)"));
        var measure = regression ? "|Δ(mean, variance)| / max(1, |value|)" : "|Δp|";
        var onProbe = parity.MaxAbsDiffProbe is { } probe
            ? probe.ToString("G3", CultureInfo.InvariantCulture) + " on the card's probe, "
            : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Parity: max {measure} {onProbe}{parity.MaxAbsDiffRandom:G3} on random rows against the reference "
                + $"forward; {parity.Rows} rows checked, tolerance {parity.Tolerance:G3}"));
        Console.Out.WriteLine(
            $"Wrote {Path.Combine(output, ModelManifest.ModelFileName)} and {ModelManifest.FileName}");
        return 0;
    }

    /// <summary>
    /// Each one-head checkpoint as a teacher file in <paramref name="output"/>, checked on random rows.
    /// </summary>
    private static async Task<int> ExportTeachersAsync(ParseResult parse, string output,
        CancellationToken cancellationToken)
    {
        var target = new FolderArtifactStore(output);
        var (store, folder) = Split(parse.GetValue(Checkpoint) ?? parse.GetValue(Ensemble)!);
        var folders = new List<(string Folder, string File)>();
        if (parse.GetValue(Checkpoint) is not null)
        {
            folders.Add((folder, "teacher.onnx"));
        }
        else
        {
            while (await store.ExistsAsync(CheckpointPaths.Folder(folder, ModelKind.Member, folders.Count),
                cancellationToken))
            {
                folders.Add((CheckpointPaths.Folder(folder, ModelKind.Member, folders.Count),
                    string.Create(CultureInfo.InvariantCulture, $"member-{folders.Count}.onnx")));
            }

            if (folders.Count == 0)
            {
                throw new OnnxExportException($"No ensemble members under '{folder}/members/'.");
            }
        }

        foreach (var (source, file) in folders)
        {
            var deviation = await TeacherExporter.ExportAsync(store, source, target, file, cancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Exported {source} as teacher {Path.Combine(output, file)} (max |Δ| / max(1, |value|) {deviation:G3} "
                    + $"against the reference forward on random rows)"));
        }

        return 0;
    }

    /// <summary>
    /// A store and the folder inside it, chosen so the folder reads as the user knows it: relative to the current
    /// directory when the path is under it, otherwise below the path's top-level directory (/tmp/…, /data/…).
    /// </summary>
    private static (CheckpointStore Store, string Folder) Split(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(full))
        {
            throw new InputNotFoundException("Checkpoint folder", path);
        }

        var current = Directory.GetCurrentDirectory();
        var root = full.StartsWith(current + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? current
            : TopLevelDirectory(full);
        return (new CheckpointStore(new FolderArtifactStore(root)), Path.GetRelativePath(root,
            full).Replace(Path.DirectorySeparatorChar, '/'));
    }

    private static string TopLevelDirectory(string full)
    {
        var rootPath = Path.GetPathRoot(full)!;
        var first = full[rootPath.Length..].Split(Path.DirectorySeparatorChar)[0];
        var top = Path.Combine(rootPath, first);
        return top == full ? Path.GetDirectoryName(full)! : top;
    }
}
