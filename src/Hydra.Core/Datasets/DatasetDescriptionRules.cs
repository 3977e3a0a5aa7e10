using System.Text.Json;
using System.Text.Json.Serialization;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Datasets;

/// <summary>
/// Reads and checks the dataset.json of a stored dataset, field by field, before anything is trained: unknown fields,
/// file paths that would leave the dataset's folder, a table without its label column, fractions out of range. Which
/// files exist is checked against storage by <see cref="DatasetStore"/>.
/// </summary>
public static class DatasetDescriptionRules
{
    public const int MaxNameLength = 200;

    /// <summary>Strict about unknown fields, so a misspelt "targt" is named rather than silently ignored.</summary>
    private static readonly JsonSerializerOptions Strict = new(HydraJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The description with its paths as written (relative), or the errors per field.</summary>
    public static (DatasetDescription? Description, Dictionary<string, string[]> Errors) Parse(
        ReadOnlySpan<byte> json)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DatasetDescription? description;
        try
        {
            description = JsonSerializer.Deserialize<DatasetDescription>(json, Strict);
        }
        catch (JsonException e)
        {
            errors[FieldOf(e)] = [$"Not a dataset description: {e.Message}"];
            return (null, errors);
        }

        if (description is null)
        {
            errors["body"] = ["The description is JSON null."];
            return (null, errors);
        }

        foreach (var (field, message) in Problems(description))
        {
            errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];
        }

        return (description, errors);
    }

    /// <summary>Every file the description names, by field ("train", "ood.far", …), as written.</summary>
    public static IEnumerable<(string Field, string Path)> Files(DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.Train is { } train)
        {
            yield return ("train", train);
        }

        if (description.Labels is { } labels)
        {
            yield return ("labels", labels);
        }

        if (description.Test is { } test)
        {
            yield return ("test", test);
        }

        if (description.Validation is { } validation)
        {
            yield return ("validation", validation);
        }

        foreach (var (name, path) in description.Ood.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            yield return ($"ood.{name}", path);
        }
    }

    /// <summary>Whether the path names a folder (an image folder) rather than one file: a trailing '/', or a last
    /// segment without an extension.</summary>
    public static bool IsFolder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith('/') || !path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal);
    }

    private static IEnumerable<(string Field, string Message)> Problems(DatasetDescription description)
    {
        if (description.FormatVersion is < 1 or > DatasetDescription.CurrentFormatVersion)
        {
            yield return ("format_version", $"Must be between 1 and {DatasetDescription.CurrentFormatVersion}; got "
                + $"{description.FormatVersion}.");
        }

        if (description.Name is { } name && (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl)))
        {
            yield return ("name", $"1–{MaxNameLength} printable characters.");
        }

        if (description.Train is null)
        {
            yield return ("train", "Name the training file (a path relative to the dataset's folder).");
        }

        foreach (var (field, path) in Files(description))
        {
            if (DatasetFilePath.Problem(path) is { } problem)
            {
                yield return (field, $"The file {problem}.");
            }
        }

        foreach (var key in description.Ood.Keys.Where(k => k.Length is 0 or > 100 || k.Any(char.IsControl)))
        {
            yield return ("ood", $"OOD set name '{key}' must be 1–100 printable characters.");
        }

        if (description.Train is { } train && !IsFolder(train) && string.IsNullOrWhiteSpace(description.Target))
        {
            yield return ("target", "Name the label (classification) or target (regression) column.");
        }

        foreach (var problem in SettingProblems(description))
        {
            yield return problem;
        }
    }

    private static IEnumerable<(string Field, string Message)> SettingProblems(DatasetDescription description)
    {
        if (description.Test is null && !(description.TestFraction > 0 && description.TestFraction < 1))
        {
            yield return ("test_fraction", $"Must lie strictly between 0 and 1; got {description.TestFraction}.");
        }

        if (!(description.ValidationFraction >= 0 && description.ValidationFraction < 1))
        {
            yield return ("validation_fraction", $"Must be at least 0 and below 1; got "
                + $"{description.ValidationFraction}.");
        }

        if (description.Classes is { } classes && (classes.Count < 2 || classes.Any(string.IsNullOrWhiteSpace)
            || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count))
        {
            yield return ("classes", "At least two distinct, non-empty class names.");
        }

        if (description.Features is { } features && (features.Count == 0 || features.Any(string.IsNullOrWhiteSpace)
            || features.Distinct(StringComparer.Ordinal).Count() != features.Count))
        {
            yield return ("features", "At least one column, each named once.");
        }

        if (description.Exclude.Any(string.IsNullOrWhiteSpace))
        {
            yield return ("exclude", "Column names must not be empty.");
        }
    }

    /// <summary>The field a JSON error is at ("test_fraction" for "$.test_fraction"), or "body".</summary>
    private static string FieldOf(JsonException e)
    {
        if (!string.IsNullOrEmpty(e.Path) && e.Path != "$")
        {
            return e.Path.TrimStart('$', '.');
        }

        // An unknown member is reported at its parent; its name is in the message.
        const string marker = "The JSON property '";
        var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + marker.Length;
            var end = e.Message.IndexOf('\'', start);
            if (end > start)
            {
                return e.Message[start..end];
            }
        }

        return "body";
    }
}
