using System.IO.Compression;
using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class NpzDatasetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void NpzReader_StoredOrDeflated_GivesArraysByName(CompressionLevel level)
    {
        var path = _dir.File("a.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f4", [2, 2], NpyFiles.Float32(1, 2, 3, 4)),
            ["labels"] = NpyFiles.Build("<i8", [2], NpyFiles.Int64(0, 1)),
        }, level);

        var arrays = NpzReader.Read(path);

        Assert.Equal(["labels", "x"], arrays.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1f, 2f, 3f, 4f], arrays["x"].Values);
        Assert.Equal([2, 2], arrays["x"].Shape);
        Assert.Equal([0f, 1f], arrays["labels"].Values);
    }

    [Fact]
    public void Load_FeaturesAndColumnTargets_GiveARegressionDataset()
    {
        var path = _dir.File("house.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f8", [3, 2], NpyFiles.Float64(1, 2, 3, 4, 5, 6)),
            ["y"] = NpyFiles.Build("<f4", [3, 1], NpyFiles.Float32(10, 20, 30)),
        });

        var dataset = NpzDataset.Load(path);

        Assert.Equal("house", dataset.Name);
        Assert.Equal(3, dataset.Count);
        Assert.Equal([2], dataset.RowShape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], dataset.Features);
        Assert.Equal([10f, 20f, 30f], dataset.Targets!);
    }

    [Fact]
    public void Load_OtherNamesAndOneDimensionalFeatures_GiveRowsOfOne()
    {
        var path = _dir.File("toy.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["inputs"] = NpyFiles.Build("<f4", [2], NpyFiles.Float32(-1, 1)),
            ["outputs"] = NpyFiles.Build("<f4", [2], NpyFiles.Float32(-1, 1)),
        });

        var dataset = NpzDataset.Load(path, featuresName: "inputs", targetName: "outputs");

        Assert.Equal([1], dataset.RowShape);
        Assert.Equal(2, dataset.Count);
    }

    [Fact]
    public void Load_MissingArray_ListsTheArchive()
    {
        var path = _dir.File("m.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f4", [1, 1],
            NpyFiles.Float32(1))
        });

        var e = Assert.Throws<DatasetFormatException>(() => NpzDataset.Load(path));

        Assert.Equal("m.npz: no array named 'y'; the archive holds x", e.Message);
    }

    [Fact]
    public void Load_RowCountsDiffer_Throws()
    {
        var path = _dir.File("r.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f4", [2, 1], NpyFiles.Float32(1, 2)),
            ["y"] = NpyFiles.Build("<f4", [3], NpyFiles.Float32(1, 2, 3)),
        });

        var e = Assert.Throws<DatasetFormatException>(() => NpzDataset.Load(path));

        Assert.Equal("r.npz: 2 feature rows in 'x' but 3 targets in 'y'", e.Message);
    }

    [Fact]
    public void Load_MatrixTargets_Throws()
    {
        var path = _dir.File("t.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f4", [2, 1], NpyFiles.Float32(1, 2)),
            ["y"] = NpyFiles.Build("<f4", [2, 2], NpyFiles.Float32(1, 2, 3, 4)),
        });

        var e = Assert.Throws<DatasetFormatException>(() => NpzDataset.Load(path));

        Assert.Contains("targets 'y' have shape (2, 2); expected (N,) or (N, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpzReader_MalformedEntry_NamesTheEntry()
    {
        var path = _dir.File("e.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["x"] = NpyFiles.Build("<f4", [4],
            NpyFiles.Float32(1))
        });

        var e = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(path));

        Assert.StartsWith("e.npz: entry 'x.npy': truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpzReader_NotAZip_Throws()
    {
        var path = _dir.File("plain.npz");
        File.WriteAllBytes(path, NpyFiles.Build("<f4", [1], NpyFiles.Float32(1)));

        var e = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(path));

        Assert.StartsWith("plain.npz: not a readable .npz (zip) archive", e.Message, StringComparison.Ordinal);
    }
}
