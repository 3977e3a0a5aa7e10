namespace Hydra.Core.Datasets;

/// <summary>
/// The rule for a file a stored dataset's description names: a relative path inside the dataset's folder. Absolute
/// paths, '..', '.', empty segments, backslashes, ':' (URLs, drive letters, other accounts) and control characters are
/// refused, so neither the Function App nor a worker ever reads outside <c>datasets/{name}/</c>.
/// </summary>
public static class DatasetFilePath
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="path"/> is not a file inside the dataset's folder; null when it is.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "must name a file in the dataset's folder";
        }

        if (path.Length > MaxLength)
        {
            return $"is {path.Length} characters long; at most {MaxLength}";
        }

        if (path.StartsWith('/') || path.StartsWith('~'))
        {
            return $"'{path}' is absolute; give a path relative to the dataset's folder";
        }

        if (path.Contains(':', StringComparison.Ordinal))
        {
            return $"'{path}' holds ':' (a URL, drive or other account); give a path relative to the dataset's folder";
        }

        if (path.Contains('\\', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            return $"'{path}' holds a backslash or a control character; separate folders with '/'";
        }

        var segments = path.TrimEnd('/').Split('/');
        return segments.Any(s => s is "" or "." or "..")
            ? $"'{path}' has an empty, '.' or '..' segment; it must stay inside the dataset's folder"
            : null;
    }

    /// <summary>The storage path of <paramref name="path"/> in dataset <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The path breaks the rule.</exception>
    public static string InDataset(string name, string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new ArgumentException($"The file {problem}.", nameof(path));
        }

        return DatasetReference.Folder(name) + path;
    }
}
