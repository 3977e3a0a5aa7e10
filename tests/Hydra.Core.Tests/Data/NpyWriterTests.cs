using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class NpyWriterTests
{
    [Theory]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 1, 2, 3 })]
    public void Write_Float32_IsTheFileTheFormatSpecLaysOutByteForByte(int[] shape)
    {
        float[] values = [1, 2, 3, 4, 5, -6.5f];
        using var stream = new MemoryStream();

        NpyWriter.Write(stream, values, shape);

        Assert.Equal(NpyFiles.Build("<f4", shape, NpyFiles.Float32(values)), stream.ToArray());
    }

    [Fact]
    public void Write_ImagesLargerThanOneChunk_ReadBackAsWritten()
    {
        // 3 × 1 × 200 × 200 = 120,000 values: more than the writer's 65,536-value chunk.
        var values = Enumerable.Range(0, 120_000).Select(i => (float)Math.Sin(i)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"hydra-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyWriter.Write(path, values, [3, 1, 200, 200]);

            var array = NpyReader.Read(path);

            Assert.Equal([3, 1, 200, 200], array.Shape);
            Assert.Equal(values, array.Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_ShapeThatDoesNotHoldTheValues_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => NpyWriter.Write(new MemoryStream(), [1f, 2f, 3f], [2, 2]));

        Assert.StartsWith("Shape (2, 2) does not hold 3 values.", error.Message, StringComparison.Ordinal);
    }
}
