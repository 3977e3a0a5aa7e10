using Hydra.Core.Datasets;

namespace Hydra.Core.Teachers;

/// <summary>
/// Teachers in storage for a distill-only job: the folder <c>teachers/{name}/</c> of the "teachers" container, holding
/// M <c>.onnx</c> files, or M <c>.safetensors</c> checkpoints with <see cref="ArchitectureFileName"/> (their
/// architecture spec; default: the job's) and an optional <see cref="RenameFileName"/> (a JSON map of tensor names);
/// ONNX teachers may have <see cref="OnnxFileName"/> (which of their outputs to read).
/// Files sit directly in the folder; teachers are taken in ordinal order of their names.
/// </summary>
public static class TeacherFolder
{
    public const string Container = "teachers";

    public const string Prefix = Container + "/";

    /// <summary>Checkpoint teachers: their architecture spec, as <c>--teacher-arch</c> takes it.</summary>
    public const string ArchitectureFileName = "architecture.json";

    /// <summary>Checkpoint teachers: a JSON map of tensor names, as <c>--rename FILE</c> takes it.</summary>
    public const string RenameFileName = "rename.json";

    /// <summary>ONNX teachers: which outputs to read (<see cref="OnnxTeacherSettings"/>), as <c>--teacher-output</c>
    /// and its siblings take them.</summary>
    public const string OnnxFileName = "onnx.json";

    /// <summary>The same rule as a dataset's name.</summary>
    public const string NameRule = DatasetReference.NameRule;

    /// <summary>The name in <c>"teachers/{name}"</c> (a trailing slash allowed), or null when it is not one.</summary>
    public static string? NameOf(string? reference) => DatasetReference.NameUnder(Prefix, reference);

    /// <summary>"teachers/{name}", as jobs name it.</summary>
    public static string Of(string name) => Prefix + name;

    /// <summary>"teachers/{name}/": every file of the folder lies under it.</summary>
    public static string Folder(string name) => $"{Prefix}{name}/";

    /// <summary>Whether the file is a teacher (by its extension): an ONNX graph or a safetensors checkpoint.</summary>
    public static bool IsTeacherFile(string path) =>
        path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the file is one the folder may hold beside its teachers.</summary>
    public static bool IsCompanionFile(string path) => path is ArchitectureFileName or RenameFileName or OnnxFileName;
}
