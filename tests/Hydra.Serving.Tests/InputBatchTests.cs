using Hydra.Core.Data;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

/// <summary>
/// The bulk append (binary tensors, whole rows) against the value-by-value one it replaces: the same normalised
/// buffer to the bit, the same refusals, naming the same row and column.
/// </summary>
public sealed class InputBatchTests
{
    private static readonly Normalization Pixels = new(0.2860f, 0.3530f);

    [Theory]
    [InlineData(5, 37, false)]
    [InlineData(3, 784, false)]
    [InlineData(4, 13, true)]
    public void AppendValues_GivesTheBufferOfValueByValueAppends(int rows, int rowLength, bool perFeature)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, rows * rowLength).Select(_ => (float)(random.NextDouble() * 4 - 1))
            .ToArray();
        var features = perFeature ? new FeatureNormalization(
            [.. Enumerable.Range(0, rowLength).Select(j => j * 0.25f)],
            [.. Enumerable.Range(0, rowLength).Select(j => 0.5f + j)]) : null;
        using var single = new InputBatch(rows, rowLength, Pixels, features);
        using var bulk = new InputBatch(rows, rowLength, Pixels, features);

        foreach (var value in values)
        {
            single.Append(value);
        }

        // In uneven pieces, so that a piece starts mid-row and mid-vector.
        bulk.AppendValues(values.AsSpan(0, 11));
        bulk.AppendValues(values.AsSpan(11));

        Assert.Equal(single.CompletedMemory().ToArray(), bulk.CompletedMemory().ToArray());
        var first = (values[0] - 0.2860f) * (1f / 0.3530f);
        Assert.Equal(perFeature ? first / 0.5f : first, bulk.CompletedMemory().Span[0]);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void AppendValues_NonFiniteValue_NamesItsRowAndColumnAndKeepsTheValuesBefore(float bad)
    {
        const int rowLength = 40;
        var values = new float[3 * rowLength];
        Array.Fill(values, 0.5f);
        values[rowLength + 33] = bad;
        using var batch = new InputBatch(3, rowLength, Pixels);

        var error = Assert.Throws<InvalidInputException>(() => batch.AppendValues(values));

        Assert.Equal(1, error.Row);
        Assert.Equal(33, error.Column);
        Assert.Equal(rowLength + 33, batch.Count);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AppendValues_MoreThanTheBatchHolds_IsRefusedAndAppendsNothing()
    {
        using var batch = new InputBatch(2, 4, Pixels);
        batch.AppendValues([1, 2, 3]);

        Assert.Throws<InvalidInputException>(() => batch.AppendValues([1, 2, 3, 4, 5, 6]));
        Assert.Equal(3, batch.Count);
    }
}
