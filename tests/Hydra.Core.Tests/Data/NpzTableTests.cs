using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

/// <summary>An .npz of x and y (and x_test, y_test) through the table machinery: the label rule, splits, classes.
/// </summary>
public sealed class NpzTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Npz(string name, Dictionary<string, byte[]> arrays)
    {
        var path = _dir.File(name);
        NpyFiles.WriteNpz(path, arrays);
        return path;
    }

    /// <summary>n rows of two features (i, −i).</summary>
    private static byte[] X(int n, int start = 0) => NpyFiles.Build("<f4", [n, 2],
        NpyFiles.Float32([.. Enumerable.Range(start, n).SelectMany(i => new float[] { i, -i })]));

    [Fact]
    public void Load_FloatTargets_AreARegressionOnXWithTheDefaultArrayNames()
    {
        var path = Npz("r.npz", new()
        {
            ["x"] = X(20),
            ["y"] = NpyFiles.Build("<f8", [20], NpyFiles.Float64([.. Enumerable.Range(0, 20).Select(i => i + 0.5)])),
        });

        var bundle = DatasetCatalog.Load(path, new DataOptions());

        Assert.Equal(ModelTask.Regression, bundle.Task);
        Assert.Equal((16, 4), (bundle.Train.Count, bundle.Test.Count));
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            Assert.Equal(bundle.Train.Features[2 * r] + 0.5f, bundle.Train.Targets![r]);
            Assert.Equal(-bundle.Train.Features[2 * r], bundle.Train.Features[(2 * r) + 1]);
        }
    }

    [Fact]
    public void Load_IntegerLabels_AskForTheTaskAsACsvDoes_AndTheTestArraysAreTheTestSet()
    {
        var path = Npz("c.npz", new()
        {
            ["x"] = X(30),
            ["y"] = NpyFiles.Build("<i8", [30],
                NpyFiles.Int64([.. Enumerable.Range(0, 30).Select(i => (long)(i % 3))])),
            ["x_test"] = X(6, start: 100),
            ["y_test"] = NpyFiles.Build("<i8", [6], NpyFiles.Int64(0, 1, 2, 0, 1, 2)),
        });

        var e = Assert.Throws<InvalidRequestException>(() => DatasetCatalog.Load(path, new DataOptions()));
        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Tabular = new DatasetDescription { Task = ModelTask.Classification, Classes = ["0", "1", "2"] },
        });

        Assert.Contains("label column 'y' holds integers with 3 distinct values", e.Message,
            StringComparison.Ordinal);
        Assert.Equal((30, 6), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal([0, 1, 2, 0, 1, 2], bundle.Test.Labels!);
        Assert.Equal(100f, bundle.Test.Features[0]);
        Assert.Equal("0=10, 1=10, 2=10", bundle.Summary["class_counts"]);
    }

    [Fact]
    public void Load_ImagesInX_KeepTheirRowShape()
    {
        var path = Npz("img.npz", new()
        {
            ["x"] = NpyFiles.Build("|u1", [10, 3, 2], [.. Enumerable.Range(0, 60).Select(i => (byte)i)]),
            ["y"] = NpyFiles.Build("<f4", [10, 1],
                NpyFiles.Float32([.. Enumerable.Range(0, 10).Select(i => 0.5f * i)])),
        });

        var bundle = DatasetCatalog.Load(path, new DataOptions());

        Assert.Equal([1, 3, 2], bundle.Train.RowShape);
    }

    [Fact]
    public void Load_MissingLabelArray_NamesTheArraysTheArchiveHolds()
    {
        var path = Npz("nolabels.npz", new() { ["x"] = X(4), ["z"] = X(4) });

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions()));

        Assert.Equal("nolabels.npz: no array named 'y'; the archive holds x, z (an .npz needs x and y, and may hold "
            + "x_test, y_test, x_validation, y_validation)", e.Message);
    }

    [Fact]
    public void Load_NaNFeature_NamesTheIndexAndColumn()
    {
        var path = Npz("nan.npz", new()
        {
            ["x"] = NpyFiles.Build("<f4", [3, 2], NpyFiles.Float32(1, 2, 3, float.NaN, 5, 6)),
            ["y"] = NpyFiles.Build("<f4", [3], NpyFiles.Float32(0.5f, 1.5f, 2.5f)),
        });

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions()));

        Assert.StartsWith("nan.npz: index 1, column 2 (x1): missing value ('NaN')", e.Message,
            StringComparison.Ordinal);
    }
}
