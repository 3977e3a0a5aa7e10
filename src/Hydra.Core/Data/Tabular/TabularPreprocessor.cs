using System.Globalization;
using System.Text.Json;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The scorer's side of a tabular model: a row given by column name becomes the model's input row by the card's
/// schema (imputation, then one-hot encoding), then its normalisation, in that order, once. Values may be numbers,
/// strings, JSON elements or null (missing).
/// </summary>
public static class TabularPreprocessor
{
    /// <summary>
    /// The fully normalised input row for <paramref name="row"/>, as the trainer fed it to the network.
    /// </summary>
    /// <exception cref="InvalidColumnException">A column is missing, unknown or of the wrong type, or a value is
    /// missing and the model does not impute.</exception>
    public static float[] Encode(InputSpec input, IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(input);
        var schema = input.Columns ?? throw new InvalidOperationException(
            "The model takes rows of values, not rows by column name: its card has no column schema.");
        var values = new float[schema.Width];
        EncodeRaw(schema, row, values);
        input.Apply(values);
        return values;
    }

    /// <summary>
    /// Imputes and one-hot encodes <paramref name="row"/> into <paramref name="destination"/> (no normalisation);
    /// returns how many categorical values were not among the training categories (encoded as all zeros), and adds
    /// their columns' names to <paramref name="unseenColumns"/> when given.
    /// </summary>
    /// <exception cref="InvalidColumnException">As for <see cref="Encode"/>.</exception>
    public static int EncodeRaw(TabularSchema schema, IReadOnlyDictionary<string, object?> row,
        Span<float> destination, ICollection<string>? unseenColumns = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, schema.Width, nameof(destination));
        CheckUnknown(schema, row);
        destination.Clear();
        var unseen = 0;
        var at = 0;
        foreach (var column in schema.Columns)
        {
            if (!row.TryGetValue(column.Name, out var value))
            {
                throw new InvalidColumnException(column.Name, $"The row has no column '{column.Name}'; it needs "
                    + string.Join(", ", schema.FeatureNames) + ".");
            }

            if (column.Kind == ColumnKind.Categorical)
            {
                if (!EncodeCategory(schema, column, value, destination.Slice(at, column.Width)))
                {
                    unseen++;
                    unseenColumns?.Add(column.Name);
                }
            }
            else
            {
                destination[at] = Number(schema, column, value);
            }

            at += column.Width;
        }

        return unseen;
    }

    private static void CheckUnknown(TabularSchema schema, IReadOnlyDictionary<string, object?> row)
    {
        foreach (var name in row.Keys)
        {
            if (!schema.Columns.Any(c => c.Name == name) && !schema.Ignored.Contains(name))
            {
                throw new InvalidColumnException(name, $"The row has an unknown column '{name}'; the model's columns "
                    + "are " + string.Join(", ", schema.FeatureNames) + ".");
            }
        }
    }

    private static float Number(TabularSchema schema, FeatureColumn column, object? value)
    {
        var number = value switch
        {
            null => (double?)null,
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            JsonElement { ValueKind: JsonValueKind.String } e => ParseText(column, e.GetString()!),
            JsonElement e => throw WrongType(column, e.ValueKind.ToString().ToLowerInvariant()),
            string text => ParseText(column, text),
            IConvertible convertible and not bool => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => throw WrongType(column, value.GetType().Name),
        };
        if (number is { } finite && double.IsFinite(finite))
        {
            return (float)finite;
        }

        return column.Fill ?? throw Missing(schema, column);
    }

    private static double? ParseText(FeatureColumn column, string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (CsvColumn.IsMissing(trimmed))
        {
            return null;
        }

        return CsvColumn.TryParse(trimmed, out var number) ? number
            : throw new InvalidColumnException(column.Name, $"Column '{column.Name}' takes a number, not '{text}'.");
    }

    /// <summary>Sets the category's one-hot value; false when the category was not seen in training.</summary>
    private static bool EncodeCategory(TabularSchema schema, FeatureColumn column, object? value, Span<float> oneHot)
    {
        var text = value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement e => throw WrongType(column, e.ValueKind.ToString().ToLowerInvariant()),
            string s => s,
            _ => throw WrongType(column, value.GetType().Name),
        };
        text = text?.Trim();
        if (text is null || CsvColumn.IsMissing(text))
        {
            if (schema.Impute == ImputeStrategy.None)
            {
                throw Missing(schema, column);
            }

            text = column.FillCategory;
            if (text is null)
            {
                return true;
            }
        }

        var categories = column.Categories!;
        for (var i = 0; i < categories.Count; i++)
        {
            if (string.Equals(categories[i], text, StringComparison.Ordinal))
            {
                oneHot[i] = 1f;
                return true;
            }
        }

        return false;
    }

    private static InvalidColumnException WrongType(FeatureColumn column, string type) =>
        new(column.Name, $"Column '{column.Name}' takes "
            + $"{(column.Kind == ColumnKind.Categorical ? "a category (a string)" : "a number")}, not a {type}.");

    private static InvalidColumnException Missing(TabularSchema schema, FeatureColumn column) =>
        new(column.Name, schema.Impute == ImputeStrategy.None
            ? $"Column '{column.Name}' has no value, and the model was trained without imputation."
            : $"Column '{column.Name}' has no value and no fill value.");
}
