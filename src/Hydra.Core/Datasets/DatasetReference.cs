using System.Text.RegularExpressions;

namespace Hydra.Core.Datasets;

/// <summary>
/// A user's dataset in storage: the folder <c>datasets/{name}/</c> with its <c>dataset.json</c> and the files that
/// names. A training job names it as <c>"datasets/{name}"</c>. Names are one safe path segment, so a name can never
/// reach outside the folder.
/// </summary>
public static partial class DatasetReference
{
    public const string Container = "datasets";

    public const string Prefix = Container + "/";

    public const string DescriptionFileName = Data.Tabular.DatasetDescription.FileName;

    /// <summary>2–63 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public const string NameRule =
        "2–63 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit";

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Whether a job's dataset names a folder in storage (anything starting "datasets/").</summary>
    public static bool IsStored(string? dataset) =>
        dataset is not null && dataset.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The name in <c>"datasets/{name}"</c> (a trailing slash allowed), or null when it is not one.</summary>
    public static string? NameOf(string? dataset) => NameUnder(Prefix, dataset);

    /// <summary>
    /// The name in "{prefix}{name}" (a trailing slash allowed) when it is one path segment under the rule; else null.
    /// </summary>
    public static string? NameUnder(string prefix, string? reference)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = reference[prefix.Length..].TrimEnd('/');
        return IsValidName(name) ? name : null;
    }

    /// <summary>"datasets/{name}", as jobs name it.</summary>
    public static string Of(string name) => Prefix + name;

    /// <summary>"datasets/{name}/": the folder every file of the dataset lies under.</summary>
    public static string Folder(string name) => $"{Prefix}{name}/";

    /// <summary>"datasets/{name}/dataset.json": the description, written last (the commit marker).</summary>
    public static string Description(string name) => Folder(name) + DescriptionFileName;
}
