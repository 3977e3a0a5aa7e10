using System.Text.RegularExpressions;

namespace Hydra.Azure.Storage;

/// <summary>
/// An artifact path split into its container (the first segment, after the store's prefix) and blob name.
/// </summary>
internal readonly partial record struct BlobPath(string Container, string Name)
{
    /// <exception cref="ArgumentException">The path has no blob name, an empty/'.'/'..' segment, or a bad container
    /// name.</exception>
    public static BlobPath Parse(string path, string containerPrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = Normalize(path);
        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException(
                $"Artifact path '{path}' needs a container and a blob name ('container/name').", nameof(path));
        }

        // Blob names may hold '.' and '..' literally, but a folder store would resolve them: refuse both, so the two
        // agree.
        if (normalized.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"Artifact path '{path}' has an empty, '.' or '..' segment.", nameof(path));
        }

        return new BlobPath(ContainerName(containerPrefix, normalized[..slash], path), normalized[(slash + 1)..]);
    }

    /// <summary>'\' becomes '/', and leading slashes go, as in the folder store.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');

    /// <exception cref="ArgumentException">The resulting container name is not one Azure accepts.</exception>
    public static string ContainerName(string containerPrefix, string firstSegment, string path)
    {
        var container = containerPrefix + firstSegment;
        if (!ContainerPattern().IsMatch(container))
        {
            throw new ArgumentException(
                $"'{container}' (from the first segment of '{path}') is not a blob container name: 3-63 lower-case "
                    + $"letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(path));
        }

        return container;
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();
}
