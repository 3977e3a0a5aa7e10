using System.CommandLine;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Teachers;
using Hydra.Onnx.Teachers;
using Hydra.Training.Teachers;

namespace Hydra.Cli.Commands;

/// <summary>
/// The flags of <c>hydra distill</c> that name the teachers and say how to read them, and loading them: ONNX files
/// through <see cref="OnnxTeacher"/>, safetensors checkpoints through <see cref="CheckpointTeacher"/>.
/// </summary>
internal static class TeacherFlags
{
    public static readonly Option<string[]> Teachers = new("--teachers", "-t")
    {
        Description = "The teachers: .onnx files, .safetensors checkpoints, or folders of them (taken in name order).",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<string?> Output = new("--teacher-output")
    {
        Description = "ONNX classification teachers: the output holding [N, C] scores (default: the only float "
            + "output, else the first of shape [N, C]).",
    };
    private static readonly Option<string> Scores = new("--teacher-scores")
    {
        Description = "ONNX classification teachers: logits, probabilities, or auto (detected on a probe batch: rows "
            + "in [0, 1] summing to 1 are probabilities).",
        DefaultValueFactory = _ => "auto",
    };
    private static readonly Option<string?> Mean = new("--teacher-mean")
    { Description = "ONNX regression teachers: the output holding each row's mean (default: 'mean')." };
    private static readonly Option<string?> Variance = new("--teacher-variance")
    { Description = "ONNX regression teachers: the output holding each row's variance (default: 'variance')." };
    private static readonly Option<string?> LogVariance = new("--teacher-log-variance")
    { Description = "ONNX regression teachers: the output holding each row's log-variance instead." };
    private static readonly Option<int> MaxMib = new("--teacher-max-mib")
    {
        Description = "The largest teacher file accepted, in MiB.",
        DefaultValueFactory = _ => (int)(OnnxTeacherOptions.DefaultMaxBytes / (1024 * 1024)),
    };
    private static readonly Option<string?> Architecture = new("--teacher-arch")
    { Description = "Checkpoint teachers: their architecture (preset or JSON spec; default: --arch)." };
    private static readonly Option<string[]> Rename = new("--rename")
    {
        Description = "Checkpoint teachers: map tensor names onto this project's layout (body.{i}.*, "
            + "heads.0.{i}.*): FROM=TO (one '*' a side allowed), 'sequential' for an nn.Sequential of the whole "
            + "network, or a JSON map file. Repeatable; the first matching rule wins.",
    };
    private static readonly Option<bool> RawInput = new("--teacher-raw-input")
    {
        Description = "Checkpoint teachers: they were trained on raw rows and raw targets (default: on rows and "
            + "targets normalised as hydra run normalises them).",
    };

    public static IEnumerable<Option> All => [Teachers, Output, Scores, Mean, Variance, LogVariance, MaxMib,
        Architecture, Rename, RawInput];

    /// <summary>
    /// Opens every teacher named, printing what was read from each. On any failure the teachers already open are
    /// closed.
    /// </summary>
    /// <exception cref="InputNotFoundException">A named file or folder does not exist.</exception>
    /// <exception cref="TeacherException">A teacher cannot be read; the message names it.</exception>
    public static List<ITeacher> Load(ParseResult parse, DatasetBundle bundle, ArchitectureSpec studentSpec,
        TextWriter console)
    {
        Require.AtLeast(parse.GetValue(MaxMib), 1, MaxMib.Name);
        var maxBytes = parse.GetValue(MaxMib) * 1024L * 1024;
        var onnx = new OnnxTeacherOptions
        {
            Output = parse.GetValue(Output),
            Scores = ParseScores(parse.GetValue(Scores)!),
            Mean = parse.GetValue(Mean),
            Variance = parse.GetValue(Variance),
            LogVariance = parse.GetValue(LogVariance),
            MaxBytes = maxBytes,
        };
        var files = Files(parse.GetValue(Teachers) ?? []);
        return Open(files, Names(files), onnx, () =>
        {
            var spec = parse.GetValue(Architecture) is { } arch
                ? DatasetFlags.LoadArchitecture(arch, bundle)
                : studentSpec;
            return new CheckpointSettings(spec, TensorRenames.Parse(parse.GetValue(Rename) ?? [], spec),
                parse.GetValue(RawInput) ? Preprocessing.None : Preprocessing.Of(bundle), bundle.Task, maxBytes);
        }, console);
    }

    /// <summary>How checkpoint teachers are read: their architecture, tensor names and preprocessing.</summary>
    public sealed record CheckpointSettings(ArchitectureSpec Spec, TensorRenames Renames, Preprocessing Preprocessing,
        ModelTask Task, long MaxBytes);

    /// <summary>
    /// Opens each file, .onnx through <see cref="OnnxTeacher"/> and the others as checkpoints (their settings made
    /// when the first is met), telling <paramref name="console"/> what was read. On any failure the teachers already
    /// open are closed.
    /// </summary>
    /// <exception cref="TeacherException">A teacher cannot be read; the message names it.</exception>
    public static List<ITeacher> Open(IReadOnlyList<string> files, IReadOnlyList<string> names,
        OnnxTeacherOptions onnx, Func<CheckpointSettings> checkpoints, TextWriter? console)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var teachers = new List<ITeacher>();
        CheckpointSettings? settings = null;
        try
        {
            foreach (var (file, name) in files.Zip(names))
            {
                if (file.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                {
                    var teacher = OnnxTeacher.Load(file, onnx, name);
                    teachers.Add(teacher);
                    console?.WriteLine($"  teacher {teacher.Description}");
                    continue;
                }

                settings ??= checkpoints();
                var checkpoint = CheckpointTeacher.Load(file, settings.Spec, settings.Renames, settings.Task,
                    settings.Preprocessing, settings.MaxBytes, name);
                teachers.Add(checkpoint);
                console?.WriteLine($"  teacher {checkpoint.Name}: checkpoint, {settings.Spec.Name} "
                    + $"{checkpoint.Signature.Describe()}");
            }

            return teachers;
        }
        catch
        {
            teachers.ForEach(t => t.Dispose());
            throw;
        }
    }

    /// <summary>The teacher files named: files as given, folders' .onnx and .safetensors files in name order.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(f => IsTeacherFile(f))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new TeacherException($"The teacher folder '{path}' holds no .onnx or .safetensors file.");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(IsTeacherFile(path) ? path : throw new TeacherException(Path.GetFileName(path),
                    "a teacher is an .onnx file or a .safetensors checkpoint."));
            }
            else
            {
                throw new InputNotFoundException("Teacher file", path);
            }
        }

        return files;
    }

    /// <summary>
    /// Each file's name, or, when two files share a name (model.safetensors in members/0, members/1, …), each
    /// path relative to the current folder, so reports and cards tell the teachers apart.
    /// </summary>
    private static List<string> Names(IReadOnlyList<string> files)
    {
        var names = files.Select(f => Path.GetFileName(f)).ToList();
        return names.Distinct(StringComparer.Ordinal).Count() == names.Count
            ? names
            : [.. files.Select(f => Path.GetRelativePath(Directory.GetCurrentDirectory(), f))];
    }

    private static bool IsTeacherFile(string path) =>
        path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <param name="what">How the value was given, for the error: the flag, or a field of onnx.json.</param>
    internal static TeacherScores ParseScores(string value, string what = "--teacher-scores") =>
        value.ToLowerInvariant() switch
        {
            "auto" => TeacherScores.Detect,
            "logits" => TeacherScores.Logits,
            "probabilities" => TeacherScores.Probabilities,
            _ => throw new InvalidRequestException($"{what} {value}: give auto, logits or probabilities."),
        };
}
