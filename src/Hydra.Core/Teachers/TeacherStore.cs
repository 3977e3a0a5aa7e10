using System.Globalization;
using Hydra.Core.Datasets;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;

namespace Hydra.Core.Teachers;

/// <summary>
/// The Function App's side of a job's teachers in storage: the snapshot a distill-only job is submitted with, once
/// the folder passes every rule a listing can check (the teachers' graphs are checked by the worker, before any
/// training). Every file must sit directly in <c>teachers/{name}/</c> with a path that stays there, be a teacher or
/// a companion file, and keep within the bounds of <see cref="TeacherOptions"/>.
/// </summary>
public sealed class TeacherStore
{
    /// <summary>The request field every refusal is reported on.</summary>
    public const string Field = "teachers";

    private readonly IArtifactStore _artifacts;
    private readonly TeacherOptions _options;

    public TeacherStore(IArtifactStore artifacts, TeacherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        _artifacts = artifacts;
        _options = new TeacherOptionsValidator().ThrowIfInvalid(options ?? new TeacherOptions());
    }

    public TeacherOptions Options => _options;

    /// <summary>Every file of the folder at its stored version, after the rules.</summary>
    /// <exception cref="InputNotFoundException">Nothing is stored under the folder.</exception>
    /// <exception cref="JobValidationException">A file breaks a rule (every problem under "teachers").</exception>
    public async Task<TeacherSnapshot> SnapshotAsync(string name, CancellationToken cancellationToken)
    {
        if (!DatasetReference.IsValidName(name))
        {
            throw Invalid([$"'{name}' is not a teacher folder name: {TeacherFolder.NameRule}."]);
        }

        var folder = TeacherFolder.Folder(name);
        var listing = await _artifacts.ListInfoAsync(folder, cancellationToken);
        if (listing.Count == 0)
        {
            throw new InputNotFoundException("Teacher folder", folder);
        }

        var files = listing.Select(i => i with { Path = i.Path[folder.Length..] })
            .OrderBy(i => i.Path, StringComparer.Ordinal).ToList();
        var problems = files.Select(Problem).OfType<string>().ToList();
        problems.AddRange(Bounds(name, files));
        if (problems.Count > 0)
        {
            throw Invalid(problems);
        }

        return new TeacherSnapshot(name, files);
    }

    /// <summary>Why one listed file may not be in a teacher folder; null when it may.</summary>
    public string? Problem(ArtifactInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (DatasetFilePath.Problem(file.Path) is { } path)
        {
            return $"A teacher file {path}.";
        }

        if (file.Path.Contains('/', StringComparison.Ordinal))
        {
            return $"'{file.Path}' is in a sub-folder; put every file directly in the teacher folder.";
        }

        if (!TeacherFolder.IsTeacherFile(file.Path) && !TeacherFolder.IsCompanionFile(file.Path))
        {
            return $"'{file.Path}' is neither a teacher (.onnx, .safetensors) nor "
                + $"{TeacherFolder.ArchitectureFileName}, {TeacherFolder.RenameFileName} or "
                + $"{TeacherFolder.OnnxFileName}.";
        }

        return file.Bytes > _options.MaxFileBytes
            ? $"'{file.Path}' holds {Invariant(file.Bytes)} bytes; a teacher file may hold at most "
                + $"{Invariant(_options.MaxFileBytes)} ({TeacherOptions.SectionName}:"
                + $"{nameof(TeacherOptions.MaxFileBytes)})."
            : null;
    }

    private IEnumerable<string> Bounds(string name, List<ArtifactInfo> files)
    {
        var teachers = files.Count(f => TeacherFolder.IsTeacherFile(f.Path));
        if (teachers == 0)
        {
            yield return $"{TeacherFolder.Folder(name)} holds no .onnx or .safetensors file.";
        }

        if (teachers > JobRequestValidator.MaxMembers)
        {
            yield return $"{TeacherFolder.Folder(name)} holds {teachers} teachers; at most "
                + $"{JobRequestValidator.MaxMembers}.";
        }

        var bytes = files.Sum(f => f.Bytes);
        if (bytes > _options.MaxTotalBytes)
        {
            yield return $"{TeacherFolder.Folder(name)} holds {Invariant(bytes)} bytes; at most "
                + $"{Invariant(_options.MaxTotalBytes)} ({TeacherOptions.SectionName}:"
                + $"{nameof(TeacherOptions.MaxTotalBytes)}).";
        }
    }

    private static JobValidationException Invalid(IEnumerable<string> problems) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [Field] = [.. problems] });

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
