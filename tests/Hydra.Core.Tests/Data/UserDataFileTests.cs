using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// A user's regression file named as the dataset: CSV, NPY and NPZ, split and scaled like the tabular sets.
/// </summary>
public sealed class UserDataFileTests : IDisposable
{
    private const int Rows = 20;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_CsvWithNamedTarget_GivesARegressionBundleSplit80To20WithTrainOnlyScaling()
    {
        var path = _dir.File("houses.csv");
        File.WriteAllLines(path, ["id,rooms,age,price", .. Enumerable.Range(0, Rows).Select(i
            => $"h{i},{i},{2 * i},{(10 * i) + 1}")]);

        var bundle = DatasetCatalog.Load(path, new DataOptions { Target = "price" });

        Assert.Equal("houses", bundle.Name);
        Assert.Equal(ModelTask.Regression, bundle.Task);
        Assert.Equal((16, 4), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal([2], bundle.Train.RowShape);
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            // Every row is (i, 2i) with target 10i + 1, whichever rows the shuffle put where.
            var i = bundle.Train.Features[2 * r];
            Assert.Equal(2 * i, bundle.Train.Features[(2 * r) + 1]);
            Assert.Equal((10 * i) + 1, bundle.Train.Targets![r]);
        }

        var trainTargets = bundle.Train.Targets!;
        Assert.Equal(trainTargets.Average(), bundle.TargetScaling!.Mean, 3);
    }

    [Fact]
    public void Load_NpyWithLastColumnTarget_SplitsTheColumns()
    {
        var path = _dir.File("table.npy");
        var values = Enumerable.Range(0, Rows).SelectMany(i => new[] { i, -i, 100f + i }).ToArray();
        File.WriteAllBytes(path, NpyFiles.Build("<f4", [Rows, 3], NpyFiles.Float32(values)));

        var bundle = DatasetCatalog.Load(path, new DataOptions { Target = "-1" });

        Assert.Equal([2], bundle.Train.RowShape);
        var first = bundle.Train.Features[0];
        Assert.Equal(-first, bundle.Train.Features[1]);
        Assert.Equal(100f + first, bundle.Train.Targets![0]);
    }

    [Fact]
    public void Load_NpzWithNamedArrays_UsesTheFeaturesArrayAndTheTargetArray()
    {
        var path = _dir.File("pairs.npz");
        NpyFiles.WriteNpz(path, new Dictionary<string, byte[]>
        {
            ["inputs"] = NpyFiles.Build("<f4", [Rows], NpyFiles.Float32([.. Enumerable.Range(0, Rows).Select(i
                => (float)i)])),
            ["cost"] = NpyFiles.Build("<f4", [Rows], NpyFiles.Float32([.. Enumerable.Range(0, Rows).Select(i
                => 3f * i)])),
        });

        var bundle = DatasetCatalog.Load(path, new DataOptions { Target = "cost", FeaturesArray = "inputs" });

        Assert.Equal([1], bundle.Train.RowShape);
        Assert.Equal(3 * bundle.Train.Features[5], bundle.Train.Targets![5]);
    }

    [Fact]
    public void Load_DataFileWithoutTarget_AsksForTheTarget()
    {
        var path = _dir.File("houses.csv");
        File.WriteAllLines(path, ["a,b", "1,2", "3,4"]);

        var error = Assert.Throws<InvalidRequestException>(() => DatasetCatalog.Load(path, new DataOptions()));

        Assert.Contains("--target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NpyTargetOutOfRange_NamesTheColumns()
    {
        var path = _dir.File("table.npy");
        File.WriteAllBytes(path, NpyFiles.Build("<f4", [2, 2], NpyFiles.Float32(1, 2, 3, 4)));

        var error = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "2" }));

        Assert.Contains("2 columns", error.Message, StringComparison.Ordinal);
    }
}
