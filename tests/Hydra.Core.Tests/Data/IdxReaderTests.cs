using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_PlainOrGzip_ReturnsShapeAndPixelsOverTwoFiftyFive(bool gzip)
    {
        byte[] data = [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6];
        var bytes = IdxFiles.Images(2, 2, 3, data);
        // The extension is deliberately misleading: compression is detected from the content.
        var path = _dir.File("images.idx");
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip(bytes) : bytes);

        var images = IdxReader.ReadImages(path);

        Assert.Equal((2, 2, 3), (images.Count, images.Rows, images.Cols));
        Assert.Equal(data.Select(b => b / 255f), images.Pixels);
        Assert.Equal(0.2f, images.Pixels[1], 6);
        Assert.Equal(1f, images.Pixels[5]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_PlainOrGzip_ReturnsLabels(bool gzip)
    {
        var bytes = IdxFiles.Labels([3, 0, 9, 1]);
        var path = _dir.File("labels.gz");
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip(bytes) : bytes);

        var labels = IdxReader.ReadLabels(path);

        Assert.Equal([3, 0, 9, 1], labels);
    }

    [Fact]
    public void ReadImages_WrongDataType_NamesFileAndMagic()
    {
        var path = _dir.File("t10k-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, IdxFiles.Gzip(IdxFiles.Build(0x00000D03, [1, 1, 1], [0, 0, 0, 0])));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith("t10k-images-idx3-ubyte.gz: IDX magic 0x00000D03 is not an unsigned-byte tensor", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_LabelFileMagic_ReportsDimensionCount()
    {
        var path = _dir.File("labels");
        File.WriteAllBytes(path, IdxFiles.Labels([1, 2]));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("0x00000801 has 1 dimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_NonZeroLeadingBytes_IsNotIdx()
    {
        var path = _dir.File("labels");
        File.WriteAllBytes(path, IdxFiles.Build(0x12340801, [1], [1]));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("not an IDX header", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TruncatedData_Throws(bool gzip)
    {
        var bytes = IdxFiles.Images(2, 2, 2, [1, 2, 3, 4, 5, 6, 7]);
        var path = _dir.File("images");
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip(bytes) : bytes);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("promises 8 data bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_TruncatedHeader_Throws()
    {
        var path = _dir.File("images");
        File.WriteAllBytes(path, IdxFiles.Images(2, 2, 2, [])[..10]);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("inside the IDX header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_TrailingGarbage_Throws()
    {
        var path = _dir.File("labels");
        File.WriteAllBytes(path, [.. IdxFiles.Labels([1, 2]), 0xFF]);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("1 unexpected bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_EmptyFile_Throws(bool gzip)
    {
        var path = _dir.File("labels");
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip([]) : []);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_CorruptGzip_Throws()
    {
        var path = _dir.File("labels");
        var gz = IdxFiles.Gzip(IdxFiles.Labels([1, 2, 3]));
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabels(path));
    }

    [Fact]
    public void ReadImages_NegativeDimension_Throws()
    {
        var path = _dir.File("images");
        File.WriteAllBytes(path, IdxFiles.Images(1, -2, 2, []));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("dimension 1 is -2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDataset_MatchingFiles_GivesRowShapeAndLabels()
    {
        var images = _dir.File("i");
        var labels = _dir.File("l");
        File.WriteAllBytes(images, IdxFiles.Images(3, 1, 2, [0, 255, 255, 0, 0, 0]));
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 0, 1]));

        var dataset = IdxReader.ReadDataset("tiny", images, labels, ["a", "b"]);

        Assert.Equal([1, 1, 2], dataset.RowShape);
        Assert.Equal(3, dataset.Count);
        Assert.NotNull(dataset.Labels);
        Assert.Equal([1, 0, 1], dataset.Labels);
        Assert.Equal([1f, 0f], dataset.Row(1).ToArray());
    }

    [Fact]
    public void ReadDataset_CountMismatch_Throws()
    {
        var images = _dir.File("i");
        var labels = _dir.File("l");
        File.WriteAllBytes(images, IdxFiles.Images(3, 1, 1, [0, 1, 2]));
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 0]));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadDataset("tiny", images, labels));

        Assert.Contains("2 labels for the 3 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDataset_LabelOutsideClasses_Throws()
    {
        var images = _dir.File("i");
        var labels = _dir.File("l");
        File.WriteAllBytes(images, IdxFiles.Images(2, 1, 1, [0, 1]));
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 2]));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadDataset("tiny", images, labels, ["a", "b"]));

        Assert.Contains("label 2 at index 1", e.Message, StringComparison.Ordinal);
    }
}
