using System.Globalization;
using System.Text;

namespace Hydra.Core.Data;

/// <summary>
/// Reads scikit-learn's <c>digits.csv.gz</c> (8×8 images with values 0–16, then the label, one image a line)
/// and turns it into 28×28 images in [0, 1] so it can be used as an out-of-distribution set for 28×28 models.
/// </summary>
public static class SklearnDigits
{
    public const int SourceSize = 8;
    public const int TargetSize = 28;
    private const int FieldsPerRow = (SourceSize * SourceSize) + 1;
    private const float MaxPixel = 16f;

    private static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// Loads the file (gzip or plain, recognised by its magic bytes). Each 8×8 image is upscaled bilinearly to 28×28
    /// with the half-pixel (<c>align_corners=false</c>) convention and divided by 16.
    /// </summary>
    public static Dataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = Encoding.UTF8.GetString(GzipContent.ReadFile(path).Span);
        var pixels = new List<float>(1797 * TargetSize * TargetSize);
        var labels = new List<int>(1797);
        var source = new float[SourceSize * SourceSize];
        var target = new float[TargetSize * TargetSize];

        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IsWhiteSpace())
            {
                continue;
            }

            labels.Add(ParseRow(path, lineNumber, line, source));
            Upscale(source, SourceSize, target, TargetSize);
            foreach (var value in target)
            {
                pixels.Add(value / MaxPixel);
            }
        }

        if (labels.Count == 0)
        {
            throw new DatasetFormatException(path, "no rows");
        }

        return new Dataset("sklearn-digits", [.. pixels], [1, TargetSize, TargetSize], [.. labels],
            classNames: DigitNames);
    }

    /// <summary>
    /// Bilinear resize of a square image with the half-pixel convention (PyTorch's <c>align_corners=false</c>):
    /// output pixel d samples source coordinate (d + 0.5) · in/out − 0.5, clamped to [0, in − 1].
    /// </summary>
    internal static void Upscale(ReadOnlySpan<float> source, int sourceSize, Span<float> target, int targetSize)
    {
        Span<int> low = stackalloc int[targetSize];
        Span<int> high = stackalloc int[targetSize];
        Span<float> weight = stackalloc float[targetSize];
        var scale = (double)sourceSize / targetSize;
        for (var d = 0; d < targetSize; d++)
        {
            var s = Math.Clamp(((d + 0.5) * scale) - 0.5, 0, sourceSize - 1);
            low[d] = (int)Math.Floor(s);
            high[d] = Math.Min(low[d] + 1, sourceSize - 1);
            weight[d] = (float)(s - low[d]);
        }

        for (var y = 0; y < targetSize; y++)
        {
            var top = source.Slice(low[y] * sourceSize, sourceSize);
            var bottom = source.Slice(high[y] * sourceSize, sourceSize);
            var wy = weight[y];
            for (var x = 0; x < targetSize; x++)
            {
                var wx = weight[x];
                var upper = top[low[x]] + (wx * (top[high[x]] - top[low[x]]));
                var lower = bottom[low[x]] + (wx * (bottom[high[x]] - bottom[low[x]]));
                target[(y * targetSize) + x] = upper + (wy * (lower - upper));
            }
        }
    }

    private static int ParseRow(string path, int lineNumber, ReadOnlySpan<char> line, Span<float> source)
    {
        var field = 0;
        var label = -1;
        foreach (var range in line.Split(','))
        {
            var token = line[range].Trim();
            if (field >= FieldsPerRow)
            {
                field++;
                continue;
            }

            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw RowError(path, lineNumber, $"value {field + 1} '{token}' is not a number");
            }

            if (field < FieldsPerRow - 1)
            {
                if (value is < 0 or > MaxPixel)
                {
                    throw RowError(path, lineNumber,
                        $"pixel {field + 1} is {value.ToString(CultureInfo.InvariantCulture)}, outside 0–16");
                }

                source[field] = (float)value;
            }
            else
            {
                if (value != Math.Floor(value) || value is < 0 or > 9)
                {
                    throw RowError(path, lineNumber, $"label '{token}' is not a digit 0–9");
                }

                label = (int)value;
            }

            field++;
        }

        if (field != FieldsPerRow)
        {
            throw RowError(path, lineNumber, $"expected {FieldsPerRow} comma-separated values, found {field}");
        }

        return label;
    }

    private static DatasetFormatException RowError(string path, int lineNumber, string problem) =>
        new(path, $"line {lineNumber}: {problem}");
}
