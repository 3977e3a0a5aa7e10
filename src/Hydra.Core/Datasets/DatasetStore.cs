using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// Users' datasets in storage (<c>datasets/{name}/</c>): the HTTP routes' list, describe and PUT of dataset.json, and
/// the snapshot a job is submitted with. dataset.json is the commit marker: it is accepted only once every file it
/// names is stored, so a job never sees a dataset half uploaded.
/// </summary>
public sealed class DatasetStore
{
    private readonly IArtifactStore _artifacts;
    private readonly DatasetOptions _options;
    private readonly DataLimits _limits;

    /// <param name="limits">What inspecting a training table may inflate to and decode (the host's
    /// <see cref="DataLimits.SectionName"/>, as the worker that loads it binds them).</param>
    public DatasetStore(IArtifactStore artifacts, DatasetOptions? options = null, DataLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        _artifacts = artifacts;
        _options = new DatasetOptionsValidator().ThrowIfInvalid(options ?? new DatasetOptions());
        _limits = limits ?? new DataLimits();
        _limits.Validate();
    }

    public DatasetOptions Options => _options;

    /// <summary>Every dataset folder, committed or not, by name.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await _artifacts.ListInfoAsync(DatasetReference.Prefix, cancellationToken);
        return [.. all.Where(i => i.Path.Length > DatasetReference.Prefix.Length)
            .GroupBy(i => i.Path[DatasetReference.Prefix.Length..].Split('/')[0], StringComparer.Ordinal)
            .Where(g => DatasetReference.IsValidName(g.Key))
            .Select(g => new DatasetSummary(g.Key, DatasetReference.Of(g.Key),
                g.Any(i => i.Path == DatasetReference.Description(g.Key)), g.Count(), g.Sum(i => i.Bytes)))
            .OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>The dataset's files, its description and whether a job can train on it, with an inspection.</summary>
    /// <exception cref="DatasetNotFoundException">Nothing is stored under the name.</exception>
    public async Task<DatasetManifest> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        RequireName(name);
        var listing = await _artifacts.ListInfoAsync(DatasetReference.Folder(name), cancellationToken);
        var descriptionInfo = listing.FirstOrDefault(i => i.Path == DatasetReference.Description(name));
        if (listing.Count == 0)
        {
            throw NotFound(name);
        }

        var folder = DatasetReference.Folder(name);
        if (descriptionInfo is null)
        {
            return new DatasetManifest(name, DatasetReference.Of(name), false, null, null,
                [.. listing.Select(i => new DatasetFileEntry(i.Path[folder.Length..], i.Bytes, false))], 0,
                _options.MaxTotalBytes)
            {
                InspectionNote = $"No {DatasetReference.DescriptionFileName} yet: PUT /api/datasets/{name}/"
                    + $"{DatasetReference.DescriptionFileName} once the data files are uploaded.",
            };
        }

        // A description uploaded past the PUT's bound is reported, not read.
        var json = descriptionInfo.Bytes > _options.MaxDescriptionBytes ? null
            : await _artifacts.ReadAsync(descriptionInfo.Path, cancellationToken);
        return await ManifestAsync(name, json, descriptionInfo, listing, cancellationToken);
    }

    /// <summary>
    /// Checks a dataset.json (every field, the files it names, the bounds, the training table) and stores it.
    /// </summary>
    /// <returns>The dataset as stored now, and whether it had no description before.</returns>
    /// <exception cref="DatasetDescriptionException">A field is wrong, a named file is not stored, or the training
    /// table cannot be read; <see cref="DatasetDescriptionException.Errors"/> says which.</exception>
    /// <exception cref="DatasetTooLargeException">The dataset is over the bounds.</exception>
    public async Task<(DatasetManifest Manifest, bool Created)> PutDescriptionAsync(string name,
        ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        RequireName(name);
        var path = DatasetReference.Description(name);
        var listing = await _artifacts.ListInfoAsync(DatasetReference.Folder(name), cancellationToken);
        var previous = listing.FirstOrDefault(i => i.Path == path);
        var pending = new ArtifactInfo(path, json.Length, "");
        var manifest = await ManifestAsync(name, json.ToArray(), pending, listing, cancellationToken);
        if (manifest.Errors is { } errors)
        {
            throw new DatasetDescriptionException(name, errors);
        }

        DatasetListing.CheckBounds(name, [.. manifest.Files.Where(f => f.Used).Select(f =>
            new ArtifactInfo(f.Path, f.Bytes, ""))], _options);
        await _artifacts.WriteAsync(path, json, cancellationToken);
        return (manifest with { Committed = true }, previous is null);
    }

    /// <summary>
    /// What a job is submitted with: the description and every file it names, each at its stored version.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">No dataset.json under the name.</exception>
    /// <exception cref="DatasetDescriptionException">The description cannot be trained on (errors per field).
    /// </exception>
    /// <exception cref="DatasetTooLargeException">The dataset is over the bounds.</exception>
    public async Task<DatasetSnapshot> SnapshotAsync(string name, CancellationToken cancellationToken)
    {
        RequireName(name);
        var listing = await _artifacts.ListInfoAsync(DatasetReference.Folder(name), cancellationToken);
        var descriptionInfo = listing.FirstOrDefault(i => i.Path == DatasetReference.Description(name))
            ?? throw NotFound(name);
        if (TooLong(descriptionInfo.Bytes) is { } tooLong)
        {
            throw new DatasetDescriptionException(name, tooLong);
        }

        using var buffer = new MemoryStream();
        await using (var json = await _artifacts.OpenReadAsync(descriptionInfo.Path, descriptionInfo.Version,
            cancellationToken))
        {
            await json.CopyToAsync(buffer, cancellationToken);
        }

        var (description, errors) = DatasetDescriptionRules.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (description is null || errors.Count > 0)
        {
            throw new DatasetDescriptionException(name, errors);
        }

        var (files, missing) = DatasetListing.Resolve(name, description, descriptionInfo, listing);
        if (missing.Count > 0)
        {
            throw new DatasetDescriptionException(name, missing);
        }

        DatasetListing.CheckBounds(name, files, _options);
        return new DatasetSnapshot(name, files);
    }

    /// <param name="json">The description's content; null when it is over the bound (not read).</param>
    private async Task<DatasetManifest> ManifestAsync(string name, byte[]? json, ArtifactInfo descriptionInfo,
        IReadOnlyList<ArtifactInfo> listing, CancellationToken cancellationToken)
    {
        var folder = DatasetReference.Folder(name);
        var (description, errors) = json is null || TooLong(json.Length) is not null
            ? (null, TooLong(descriptionInfo.Bytes)!)
            : DatasetDescriptionRules.Parse(json);
        List<ArtifactInfo> used = [];
        DatasetInspector.Outcome? inspected = null;
        if (description is not null && errors.Count == 0)
        {
            var others = listing.Where(i => i.Path != descriptionInfo.Path).ToList();
            (used, errors) = DatasetListing.Resolve(name, description, descriptionInfo, others);
            if (errors.Count == 0)
            {
                inspected = await DatasetInspector.InspectAsync(_artifacts, name, description, used, _options,
                    _limits, cancellationToken);
                errors = inspected.Errors;
            }
        }

        var usedPaths = used.Select(u => u.Path).ToHashSet(StringComparer.Ordinal);
        var files = listing.Where(i => i.Path != descriptionInfo.Path)
            .Select(i => new DatasetFileEntry(i.Path[folder.Length..], i.Bytes, usedPaths.Contains(i.Path[
                folder.Length..])))
            .Prepend(new DatasetFileEntry(DatasetReference.DescriptionFileName, descriptionInfo.Bytes, true))
            .ToList();
        return new DatasetManifest(name, DatasetReference.Of(name), true, description,
            errors.Count > 0 ? errors : null, files, used.Sum(u => u.Bytes), _options.MaxTotalBytes)
        {
            Inspection = inspected?.Inspection,
            InspectionNote = inspected is null ? "Not inspected: the description has errors." : inspected.Note,
        };
    }

    /// <summary>The error of a description over the bound; null within it.</summary>
    private Dictionary<string, string[]>? TooLong(long bytes) => bytes <= _options.MaxDescriptionBytes ? null
        : new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["body"] = [$"{DatasetReference.DescriptionFileName} holds {bytes.ToString(CultureInfo.InvariantCulture)} "
                + $"bytes; at most {_options.MaxDescriptionBytes.ToString(CultureInfo.InvariantCulture)}."],
        };

    private static void RequireName(string name)
    {
        if (!DatasetReference.IsValidName(name))
        {
            throw new InvalidRequestException($"'{name}' is not a dataset name: {DatasetReference.NameRule}.");
        }
    }

    private static DatasetNotFoundException NotFound(string name) =>
        new($"No dataset '{DatasetReference.Of(name)}': {DatasetReference.Description(name)} does not exist. Upload "
            + $"the data files to {DatasetReference.Folder(name)}, then PUT /api/datasets/{name}/"
            + $"{DatasetReference.DescriptionFileName}.");
}
