using System.Globalization;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The truth column of a table: class labels (text labels, or integers with the task given) or regression targets.
/// </summary>
internal sealed record TargetValues(ModelTask Task, int[]? Labels, float[]? Targets, string[]? Classes)
{
    /// <summary>Integer labels with at most this many distinct values (and at most one per two rows) could be
    /// classes or amounts, so the task must be given.</summary>
    public const int AmbiguousClassLimit = 20;

    /// <summary>A note for the person running, when the task was inferred from integers.</summary>
    public string? Note { get; init; }

    /// <summary>Reads the column; <paramref name="classes"/> fixes the class order (and the task to classes).</summary>
    /// <exception cref="DatasetFormatException">A label is missing, unknown or not usable for the task.</exception>
    /// <exception cref="InvalidRequestException">Integer labels and no task given.</exception>
    public static TargetValues Read(CsvColumns table, CsvColumn column, ModelTask? task, IReadOnlyList<string>? classes)
    {
        table.EnsureNotMixed(column);
        if (column.FirstMissing is { } missing)
        {
            throw table.Error(missing.Row, column.Index, $"the label is {CsvColumns.MissingProblem(missing.Text)}; "
                + $"{column.MissingCount} rows have none: fill or remove them");
        }

        if (column.IsText || task == ModelTask.Classification || classes is not null)
        {
            if (task == ModelTask.Regression)
            {
                var (row, text) = column.FirstText!.Value;
                throw table.Error(row, column.Index, $"'{text}' is not a number, and regression needs numbers");
            }

            return Classify(table, column, classes);
        }

        var targets = Enumerable.Range(0, table.RowCount).Select(r => table.Number(r, column)).ToArray();
        if (task == ModelTask.Regression || targets.Any(t => t != MathF.Floor(t)))
        {
            return new TargetValues(ModelTask.Regression, null, targets, null);
        }

        var distinct = targets.Distinct().Count();
        if (distinct <= AmbiguousClassLimit && distinct <= table.RowCount / 2)
        {
            throw new InvalidRequestException($"{Path.GetFileName(table.Path)}: the label column '{column.Name}' holds "
                + $"integers with {distinct} distinct values: give --task classification (each integer a class) or "
                + "--task regression (\"task\" in dataset.json).");
        }

        return new TargetValues(ModelTask.Regression, null, targets, null)
        {
            Note = $"label column '{column.Name}' holds integers with {distinct} distinct values in {table.RowCount} "
                + "rows: taken as a regression target (--task classification to treat them as classes)",
        };
    }

    /// <summary>
    /// Class labels by the column's distinct values (its text codes, or its distinct numbers), without a string per
    /// row.
    /// </summary>
    private static TargetValues Classify(CsvColumns table, CsvColumn column, IReadOnlyList<string>? given)
    {
        var keys = new int[table.RowCount];
        var distinct = new List<string>();
        if (column.IsText)
        {
            distinct.AddRange(column.Values);
            for (var row = 0; row < keys.Length; row++)
            {
                keys[row] = column.Code(row);
            }
        }
        else
        {
            var keyOf = new Dictionary<int, int>();
            for (var row = 0; row < keys.Length; row++)
            {
                var number = column.Number(row);
                if (number % 1 != 0)
                {
                    throw table.Error(row, column.Index, $"label {column.Text(row)} is not an integer class");
                }

                if (!keyOf.TryGetValue(BitConverter.SingleToInt32Bits(number), out keys[row]))
                {
                    keys[row] = keyOf[BitConverter.SingleToInt32Bits(number)] = distinct.Count;
                    distinct.Add(column.Text(row)!);
                }
            }
        }

        var classes = given?.ToArray() ?? (column.IsText
            ? [.. distinct.Order(StringComparer.Ordinal)]
            : [.. distinct.OrderBy(t => float.Parse(t, CultureInfo.InvariantCulture))]);
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var classOf = distinct.Select(d => index.TryGetValue(d, out var c) ? c : -1).ToArray();
        var labels = keys;
        for (var row = 0; row < keys.Length; row++)
        {
            if (classOf[keys[row]] < 0)
            {
                throw table.Error(row, column.Index, $"label '{distinct[keys[row]]}' is not one of the classes "
                    + $"{string.Join(", ", classes)}");
            }

            labels[row] = classOf[keys[row]];
        }

        return new TargetValues(ModelTask.Classification, labels, null, classes);
    }
}
