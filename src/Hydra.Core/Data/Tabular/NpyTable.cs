using System.Globalization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// NumPy data as a table, so it is trained like any other (the label rule, imputation, splits, class counts): an
/// .npz holds a features array (x: [N], [N, F] or [N, …] images) and a label or target array (y: [N] or [N, 1]),
/// and optionally x_test/y_test and x_validation/y_validation; a pair of .npy files is the same two arrays side by
/// side (<see cref="LabelsOf"/>); a 2-d .npy on its own is a table whose columns are named "0" … "C−1". A NaN is a
/// missing cell.
/// </summary>
internal static class NpyTable
{
    public static bool IsNpz(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the archive holds the features array for a split (suffix "_test", "_validation").</summary>
    public static bool Has(string path, string features, string suffix) =>
        NpzReader.Names(path).Contains(features + suffix, StringComparer.Ordinal);

    /// <summary>
    /// The archive's <paramref name="features"/> and <paramref name="target"/> arrays of one split (each name plus
    /// <paramref name="suffix"/>); the target only where the archive holds it, unless <paramref name="needTarget"/>.
    /// </summary>
    /// <exception cref="DatasetFormatException">A missing array, or shapes that do not agree.</exception>
    public static CsvColumns ReadNpz(string path, string features, string target, string suffix, bool needTarget,
        DataLimits limits)
    {
        var (x, y) = (features + suffix, target + suffix);
        var arrays = NpzReader.Read(path, [x, y], limits);
        if (!arrays.TryGetValue(x, out var xs) || (needTarget && !arrays.ContainsKey(y)))
        {
            var held = NpzReader.Names(path);
            throw new DatasetFormatException(path, $"no array named '{(arrays.ContainsKey(x) ? y : x)}'; the archive "
                + $"holds {(held.Count == 0 ? "none" : string.Join(", ", held.Order(StringComparer.Ordinal)))} "
                + "(an .npz needs x and y, and may hold x_test, y_test, x_validation, y_validation)");
        }

        return Table(path, xs, x, features, arrays.GetValueOrDefault(y), y, target);
    }

    /// <summary>
    /// The labels file that pairs with a features .npy, or null: <paramref name="labels"/> when given, else the file
    /// beside it named as its array would be in an .npz, a leading x or X read as y (x.npy → y.npy, x_test.npy →
    /// y_test.npy, X_train.npy → y_train.npy) or "features" read as "labels" (features.npy → labels.npy), when it
    /// exists.
    /// </summary>
    public static string? LabelsOf(string path, string? labels = null)
    {
        if (labels is not null || !IsNpy(path) || PairName(Path.GetFileName(path)) is not { } paired)
        {
            return labels;
        }

        var beside = Path.Combine(Path.GetDirectoryName(path) ?? "", paired);
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>The name a features .npy's labels file has by the convention of <see cref="LabelsOf"/>, or null.
    /// </summary>
    public static string? PairName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return !IsNpy(fileName) ? null
            : fileName.StartsWith("features", StringComparison.Ordinal) ? "labels" + fileName["features".Length..]
            : fileName[0] is 'x' or 'X' && fileName[1] is '.' or '_' ? "y" + fileName[1..]
            : null;
    }

    /// <summary>
    /// A features .npy and its labels .npy (<see cref="LabelsOf"/>) as the table an .npz of the two would be:
    /// feature columns x0 … and the label column "y". The labels may be left out where <paramref name="needTarget"/>
    /// is false.
    /// </summary>
    /// <exception cref="DatasetFormatException">A missing labels file, an array NumPy's reader cannot take (dtype,
    /// Fortran order), or row counts that differ.</exception>
    public static CsvColumns ReadPair(string path, string? labels, bool needTarget)
    {
        var xs = NpyReader.Read(path);
        if (labels is not null && !File.Exists(labels))
        {
            throw new DatasetNotFoundException(
                $"Labels file '{labels}' (for the features in '{path}') does not exist.");
        }

        if (labels is null && needTarget)
        {
            throw new DatasetFormatException(path, "no labels .npy beside it: name the labels file (--labels, or "
                + "\"labels\" in dataset.json), or put them in y.npy beside x.npy (y_test.npy beside x_test.npy)");
        }

        var ys = labels is null ? null : NpyReader.Read(labels);
        return Table(path, xs, Path.GetFileName(path), "x", ys, labels is null ? "" : Path.GetFileName(labels),
            TableReader.DefaultNpzTarget);
    }

    private static CsvColumns Table(string path, NpyArray xs, string x, string features, NpyArray? ys, string y,
        string target)
    {
        if (xs.Shape.Length == 0 || xs.Shape[0] == 0 || xs.Shape.Skip(1).Contains(0))
        {
            throw new DatasetFormatException(path, $"array '{x}' has shape ({string.Join(", ", xs.Shape)}): no rows");
        }

        var rows = xs.Shape[0];
        var width = xs.Values.Length / rows;
        var names = width == 1 && xs.Shape.Length == 1 ? [x]
            : Enumerable.Range(0, width).Select(j => (features + j).ToString(CultureInfo.InvariantCulture)).ToList();
        var columns = names.Select((n, j) => Column(j, n, xs.Values, j, width, rows)).ToList();
        if (ys is not null)
        {
            if (ys.Shape is not ([_] or [_, 1]) || ys.Shape[0] != rows)
            {
                throw new DatasetFormatException(path, $"array '{y}' has shape ({string.Join(", ", ys.Shape)}); "
                    + $"expected ({rows},) to match the {rows} rows of '{x}'");
            }

            columns.Add(Column(width, target, ys.Values, 0, 1, rows));
        }

        return new CsvColumns(path, [.. columns.Select(c => c.Name)], columns, new RowNumbers(rows, first: 0))
        {
            LineWord = "index",
            RowShape = xs.Shape.Length > 2 ? (xs.Shape.Length == 3 ? [1, .. xs.Shape[1..]] : xs.Shape[1..]) : null,
        };
    }

    /// <summary>A 2-d .npy as a table with columns "0" … "C−1".</summary>
    public static CsvColumns ReadNpy(string path)
    {
        var array = NpyReader.Read(path);
        if (array.Shape is not [var rows, var width] || rows == 0 || width == 0)
        {
            throw new DatasetFormatException(path, $"expected a 2-d array of shape (N, columns) with N > 0, found "
                + $"({string.Join(", ", array.Shape)}); for features and labels use an .npz with arrays x and y");
        }

        var columns = Enumerable.Range(0, width).Select(j => Column(j, j.ToString(CultureInfo.InvariantCulture),
            array.Values, j, width, rows)).ToList();
        return new CsvColumns(path, [.. columns.Select(c => c.Name)], columns, new RowNumbers(rows, first: 0))
        {
            LineWord = "index",
        };
    }

    private static CsvColumn Column(int index, string name, float[] values, int offset, int stride, int rows)
    {
        var column = new CsvColumn(index, name);
        for (var r = 0; r < rows; r++)
        {
            var value = values[(r * stride) + offset];
            if (float.IsNaN(value))
            {
                column.AddMissing("NaN");
            }
            else if (float.IsInfinity(value))
            {
                column.AddText(value.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                column.AddNumber(value);
            }
        }

        return column;
    }
}
