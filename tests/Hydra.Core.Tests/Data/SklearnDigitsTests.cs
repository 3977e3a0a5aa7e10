using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class SklearnDigitsTests : IDisposable
{
    private const int Size = 28;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ConstantImage_StaysConstantAndIsDividedBySixteen()
    {
        var path = WriteGzipCsv(Row(Enumerable.Repeat(12, 64), 7));

        var digits = SklearnDigits.Load(path);

        Assert.Equal(1, digits.Count);
        Assert.Equal([1, Size, Size], digits.RowShape);
        Assert.Equal([7], digits.Labels!);
        Assert.All(digits.Features, v => Assert.Equal(0.75f, v, 6));
    }

    [Fact]
    public void Load_HorizontalRamp_IsMonotoneSymmetricAndMatchesHandValues()
    {
        // Pixel (r, c) = 2c: the ramp runs 0..14 along each row.
        var path = WriteGzipCsv(Row(Enumerable.Range(0, 64).Select(i => 2 * (i % 8)), 3));

        var row = SklearnDigits.Load(path).Row(0).ToArray();

        for (var y = 0; y < Size; y++)
        {
            var line = row.AsSpan(y * Size, Size);
            for (var x = 0; x < Size; x++)
            {
                // Half-pixel mapping: source column (x + 0.5)·8/28 − 0.5, clamped to [0, 7]; the ramp is linear so
                // bilinear interpolation reproduces it exactly: value = 2·source / 16.
                var source = Math.Clamp(((x + 0.5) * 8 / 28) - 0.5, 0, 7);
                Assert.Equal(2 * source / 16, line[x], 5);
                Assert.Equal(line[0] + line[Size - 1], line[x] + line[Size - 1 - x], 5);
                if (x > 0)
                {
                    Assert.True(line[x] >= line[x - 1]);
                }
            }
        }

        Assert.Equal(0f, row[0]);
        Assert.Equal(0f, row[1]);
        Assert.Equal(14f / 16, row[Size - 1], 6);
        Assert.Equal(2 * ((27.0 / 7) - 0.5) / 16, row[13], 6);
    }

    [Fact]
    public void Load_SingleHotPixel_WeightsMatchHandComputation()
    {
        // Pixel (3, 4) = 16. Output (11, 14) samples source (23/7 − 0.5, 29/7 − 0.5) = (2.786, 3.643):
        // weight 11/14 on row 3 and 9/14 on column 4.
        var pixels = new int[64];
        pixels[(3 * 8) + 4] = 16;
        var path = WriteGzipCsv(Row(pixels, 0));

        var row = SklearnDigits.Load(path).Row(0);

        Assert.Equal(99.0 / 196, row[(11 * Size) + 14], 5);
        Assert.Equal(0f, row[0]);
    }

    [Fact]
    public void Load_SeveralRowsAndTrailingNewline_ReadsEachRow()
    {
        var path = WriteGzipCsv(Row(new int[64], 1) + "\n" + Row(Enumerable.Repeat(16, 64), 2) + "\n");

        var digits = SklearnDigits.Load(path);

        Assert.Equal([1, 2], digits.Labels!);
        Assert.Equal(0f, digits.Row(0)[100]);
        Assert.Equal(1f, digits.Row(1)[100], 6);
        Assert.Equal(10, digits.ClassCount);
    }

    [Fact]
    public void Load_ShortRow_NamesFileAndLine()
    {
        var path = WriteGzipCsv(Row(new int[64], 1) + "\n" + string.Join(',', new int[64]) + "\n");

        var e = Assert.Throws<DatasetFormatException>(() => SklearnDigits.Load(path));

        Assert.Equal("digits.csv.gz: line 2: expected 65 comma-separated values, found 64", e.Message);
    }

    [Theory]
    [InlineData("x", "is not a number")]
    [InlineData("17", "outside 0–16")]
    [InlineData("-1", "outside 0–16")]
    public void Load_BadPixel_NamesFileAndLine(string pixel, string problem)
    {
        var path = WriteGzipCsv(pixel + "," + string.Join(',', new int[63]) + ",1");

        var e = Assert.Throws<DatasetFormatException>(() => SklearnDigits.Load(path));

        Assert.StartsWith("digits.csv.gz: line 1:", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1.5")]
    public void Load_BadLabel_Throws(string label)
    {
        var path = WriteGzipCsv(string.Join(',', new int[64]) + "," + label);

        var e = Assert.Throws<DatasetFormatException>(() => SklearnDigits.Load(path));

        Assert.Contains("is not a digit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_Throws()
    {
        var path = WriteGzipCsv("");

        Assert.Throws<DatasetFormatException>(() => SklearnDigits.Load(path));
    }

    private static string Row(IEnumerable<int> pixels, int label) =>
        string.Join(',', pixels.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "," + label.ToString(
            CultureInfo.InvariantCulture);

    private string WriteGzipCsv(string text)
    {
        var path = _dir.File("digits.csv.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }
}
