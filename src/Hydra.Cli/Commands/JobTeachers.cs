using System.Text.Json;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Teachers;
using Hydra.Onnx.Teachers;
using Hydra.Training.Teachers;

namespace Hydra.Cli.Commands;

/// <summary>
/// The worker's <see cref="Training.Jobs.TeacherLoader"/>: opens a distill-only job's downloaded teachers as
/// <c>hydra distill</c> opens files, with what the teacher folder says: ONNX outputs detected, checkpoints read with
/// the folder's architecture.json (default: the job's architecture) and rename.json, on rows normalised as the job's
/// data are.
/// </summary>
internal static class JobTeachers
{
    /// <param name="threads">ONNX Runtime's threads within one operator, as the worker's libtorch threads (0: its
    /// default).</param>
    public static IReadOnlyList<ITeacher> Load(TeacherDownloader.LocalTeachers teachers, DatasetBundle bundle,
        ArchitectureSpec student, TeacherOptions options, int threads)
    {
        ArgumentNullException.ThrowIfNull(teachers);
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var onnx = Onnx(teachers.OnnxPath) with { MaxBytes = options.MaxFileBytes, Threads = threads };
        return TeacherFlags.Open(teachers.Files, [.. teachers.Files.Select(f => Path.GetFileName(f))], onnx, () =>
        {
            var spec = teachers.ArchitecturePath is { } path ? Architecture(path) : student;
            var renames = teachers.RenamePath is { } map
                ? Checked(TeacherFolder.RenameFileName, () => TensorRenames.Parse([map], spec))
                : TensorRenames.None;
            return new TeacherFlags.CheckpointSettings(spec, renames, Preprocessing.Of(bundle), bundle.Task,
                options.MaxFileBytes);
        }, console: null);
    }

    /// <summary>The folder's onnx.json as <c>hydra distill</c>'s output flags; the defaults without one.</summary>
    private static OnnxTeacherOptions Onnx(string? path) => path is null ? new OnnxTeacherOptions()
        : Checked(TeacherFolder.OnnxFileName, () =>
        {
            var settings = OnnxTeacherSettings.FromJson(File.ReadAllText(path));
            return new OnnxTeacherOptions
            {
                Output = settings.Output,
                Scores = settings.Scores is { } scores ? TeacherFlags.ParseScores(scores, "\"scores\"")
                    : TeacherScores.Detect,
                Mean = settings.Mean,
                Variance = settings.Variance,
                LogVariance = settings.LogVariance,
            };
        });

    private static ArchitectureSpec Architecture(string path) => Checked(TeacherFolder.ArchitectureFileName, () =>
    {
        var spec = ArchitectureSpec.FromJson(File.ReadAllText(path));
        spec.Validate();
        return spec;
    });

    /// <summary>A companion file that cannot be read fails the job, naming the file.</summary>
    private static T Checked<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or ArchitectureValidationException
            or Core.Errors.InvalidRequestException)
        {
            throw new TeacherException(file, e.Message, e);
        }
    }
}
