using System.Globalization;

namespace Hydra.Core.Data;

/// <summary>
/// A 2-d NumPy array [N, C] read as a regression table: one column is the target, the others the features.
/// </summary>
internal static class NpyColumns
{
    /// <param name="target">The zero-based target column; negative counts from the end (−1 is the last).</param>
    public static Dataset Split(string path, NpyArray array, string target)
    {
        if (array.Shape is not [var rows, var columns] || rows == 0 || columns < 2)
        {
            throw new DatasetFormatException(path,
                $"expected a 2-d array of shape (N, features + 1) with N > 0, "
                    + $"found ({string.Join(", ", array.Shape)})");
        }

        if (!int.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            || index >= columns || index < -columns)
        {
            throw new DatasetFormatException(path,
                $"target '{target}' is not a column index of the {columns} columns (0 … {columns - 1}, or −1 for the "
                    + $"last)");
        }

        var column = index < 0 ? columns + index : index;
        var features = new float[rows * (columns - 1)];
        var targets = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var k = r * (columns - 1);
            for (var c = 0; c < columns; c++)
            {
                if (c == column)
                {
                    targets[r] = array.Values[(r * columns) + c];
                }
                else
                {
                    features[k++] = array.Values[(r * columns) + c];
                }
            }
        }

        return new Dataset(Path.GetFileNameWithoutExtension(path), features, [columns - 1], targets: targets);
    }
}
