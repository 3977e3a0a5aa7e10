using System.Globalization;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// Matches a description's files against what the dataset's folder holds, and checks the bounds: the one rule the
/// Function App (on PUT and on submission) and the worker (before it downloads) share.
/// </summary>
internal static class DatasetListing
{
    /// <summary>
    /// The stored files the description trains on (dataset.json first), relative to the folder, and an error per
    /// field whose file or folder is not there.
    /// </summary>
    /// <param name="listing">Everything under "datasets/{name}/", with full storage paths.</param>
    public static (List<ArtifactInfo> Files, Dictionary<string, string[]> Errors) Resolve(string name,
        DatasetDescription description, ArtifactInfo descriptionInfo, IReadOnlyList<ArtifactInfo> listing)
    {
        var folder = DatasetReference.Folder(name);
        var relative = listing.Select(i => i with { Path = i.Path[folder.Length..] }).ToList();
        var used = new SortedDictionary<string, ArtifactInfo>(StringComparer.Ordinal)
        {
            [DatasetReference.DescriptionFileName] = descriptionInfo with
            {
                Path = DatasetReference.DescriptionFileName,
            },
        };
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, path) in DatasetDescriptionRules.Files(description))
        {
            var file = relative.FirstOrDefault(i => i.Path == path);
            var under = path.TrimEnd('/') + "/";
            var inFolder = file is null ? relative.Where(i => i.Path.StartsWith(under, StringComparison.Ordinal))
                .ToList() : [file];
            if (inFolder.Count == 0)
            {
                errors[field] = [$"'{path}' is not in {folder}: upload the data files first, then dataset.json."];
            }

            foreach (var info in inFolder)
            {
                used[info.Path] = info;
            }

            // A features .npy brings the labels .npy beside it, named by the pair convention.
            var slash = path.LastIndexOf('/') + 1;
            if (field != "labels" && NpyTable.PairName(path[slash..]) is { } pair
                && relative.FirstOrDefault(i => i.Path == path[..slash] + pair) is { } labels)
            {
                used[labels.Path] = labels;
            }
        }

        return ([.. used.Values], errors);
    }

    /// <exception cref="DatasetTooLargeException">More files or bytes than <paramref name="options"/> allow.
    /// </exception>
    public static void CheckBounds(string name, IReadOnlyList<ArtifactInfo> files, DatasetOptions options)
    {
        var bytes = files.Sum(f => f.Bytes);
        if (files.Count > options.MaxFiles)
        {
            throw new DatasetTooLargeException($"Dataset '{DatasetReference.Of(name)}' trains on "
                + $"{Invariant(files.Count)} files; this deployment takes at most {Invariant(options.MaxFiles)} "
                + $"({DatasetOptions.SectionName}:{nameof(DatasetOptions.MaxFiles)}).");
        }

        if (bytes > options.MaxTotalBytes)
        {
            throw TooLarge(name, bytes, options);
        }
    }

    private static DatasetTooLargeException TooLarge(string name, long bytes, DatasetOptions options) =>
        new($"Dataset '{DatasetReference.Of(name)}' holds {Invariant(bytes)} bytes; this deployment takes at most "
            + $"{Invariant(options.MaxTotalBytes)} "
            + $"({DatasetOptions.SectionName}:{nameof(DatasetOptions.MaxTotalBytes)}).");

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
