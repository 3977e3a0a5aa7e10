using Hydra.Core.Errors;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Chooses a table's feature columns and fits what encoding them needs on the training rows alone: each categorical
/// column's sorted categories and, with imputation, each column's fill value.
/// </summary>
internal static class SchemaFitter
{
    /// <summary>The schema, and notes for the person running about the columns left out.</summary>
    /// <exception cref="InvalidRequestException">A named column does not exist, or no feature column is left.
    /// </exception>
    /// <exception cref="DatasetFormatException">A feature column mixes numbers and text.</exception>
    public static (TabularSchema Schema, List<string> Notes) Fit(CsvColumns table, CsvColumn target,
        DatasetDescription description, IReadOnlyList<int> trainRows)
    {
        var notes = new List<string>();
        foreach (var name in description.Exclude.Concat(description.Features ?? []))
        {
            Require(table, name);
        }

        var chosen = description.Features is { } features
            ? features.Select(name => Require(table, name)).ToList()
            : Automatic(table, target, description, notes);
        if (chosen.Count == 0)
        {
            throw new InvalidRequestException($"{Path.GetFileName(table.Path)}: no feature columns are left besides "
                + $"the label column '{target.Name}'.");
        }

        var columns = chosen.Select(c => FitColumn(table, c, description.Impute, trainRows)).ToList();
        var ignored = table.Columns.Select(c => c.Name).Except(columns.Select(c => c.Name)).ToList();
        return (new TabularSchema(columns) { Impute = description.Impute, Ignored = ignored }, notes);
    }

    private static List<CsvColumn> Automatic(CsvColumns table, CsvColumn target, DatasetDescription description,
        List<string> notes)
    {
        var chosen = new List<CsvColumn>();
        foreach (var column in table.Columns.Where(c => c != target && !description.Exclude.Contains(c.Name)))
        {
            switch (column.Kind)
            {
                case ColumnKind.Identifier:
                    notes.Add($"column '{column.Name}' looks like an identifier ({column.Values.Count} distinct "
                        + $"values in {column.TextCount} rows): left out (--features names it to keep it)");
                    break;
                case ColumnKind.Empty:
                    notes.Add($"column '{column.Name}' has no values: left out");
                    break;
                default:
                    chosen.Add(column);
                    break;
            }
        }

        return chosen;
    }

    private static CsvColumn Require(CsvColumns table, string name) =>
        table.Columns.FirstOrDefault(c => c.Name == name) ?? throw new InvalidRequestException(
            $"{Path.GetFileName(table.Path)} has no column '{name}'; its columns are "
            + string.Join(", ", table.Columns.Select(c => c.Name)) + ".");

    private static FeatureColumn FitColumn(CsvColumns table, CsvColumn column, ImputeStrategy impute,
        IReadOnlyList<int> trainRows)
    {
        table.EnsureNotMixed(column);
        if (column.IsDeferred && impute is ImputeStrategy.Mean or ImputeStrategy.Median)
        {
            // Numbers not kept: TableEncoder fits the fill value on the training rows as it reads them into place.
            return new FeatureColumn(column.Name, ColumnKind.Numeric);
        }

        if (!column.IsText)
        {
            // The training values are gathered only to fit a fill value: a copy of a large column otherwise.
            var values = impute is ImputeStrategy.Mean or ImputeStrategy.Median
                ? trainRows.Select(column.Number).Where(v => !float.IsNaN(v)).ToArray()
                : [];
            return new FeatureColumn(column.Name, ColumnKind.Numeric) { Fill = NumericFill(values, impute) };
        }

        var counts = new int[column.Values.Count];
        foreach (var row in trainRows)
        {
            if (column.Code(row) is >= 0 and var code)
            {
                counts[code]++;
            }
        }

        var categories = column.Values.Where((_, code) => counts[code] > 0).Order(StringComparer.Ordinal).ToArray();
        // The most frequent category; a tie goes to the first in ordinal order.
        var mode = impute is ImputeStrategy.Mean or ImputeStrategy.Median && categories.Length > 0
            ? categories.First(c => counts[IndexOf(column.Values, c)] == counts.Max())
            : null;
        return new FeatureColumn(column.Name, ColumnKind.Categorical) { Categories = categories, FillCategory = mode };
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The fill value of a numeric column (null without imputation; 0 when training has no values).</summary>
    public static float? NumericFill(float[] values, ImputeStrategy impute)
    {
        if (impute == ImputeStrategy.None)
        {
            return null;
        }

        if (impute == ImputeStrategy.Zero || values.Length == 0)
        {
            return 0f;
        }

        if (impute == ImputeStrategy.Mean)
        {
            return (float)values.Average(v => (double)v);
        }

        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (float)(((double)values[middle - 1] + values[middle]) / 2);
    }
}
