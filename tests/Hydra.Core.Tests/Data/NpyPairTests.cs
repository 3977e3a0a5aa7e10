using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// A pair of .npy files, features and labels, as an .npz of the same two arrays would be: y.npy beside x.npy (and
/// y_test.npy beside x_test.npy), labels.npy beside features.npy, or a labels file named explicitly.
/// </summary>
public sealed class NpyPairTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_XAndYBesideIt_AreFeaturesAndLabelsAndXTestPairsWithYTest()
    {
        var x = Write("x.npy", X(30));
        Write("y.npy", Labels(30));
        var test = Write("x_test.npy", X(6, start: 100));
        Write("y_test.npy", NpyFiles.Build("<i8", [6], NpyFiles.Int64(2, 1, 0, 2, 1, 0)));

        var bundle = DatasetCatalog.Load(x, Classification(test: test));

        Assert.Equal(ModelTask.Classification, bundle.Task);
        Assert.Equal((30, 6), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal(["x0", "x1"], bundle.Columns!.FeatureNames);
        Assert.Equal([2, 1, 0, 2, 1, 0], bundle.Test.Labels!);
        Assert.Equal([100f, -100f, 101f, -101f], bundle.Test.Features[..4]);
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            // Row i holds (i, −i) and label i mod 3, wherever the shuffle put it.
            Assert.Equal((int)bundle.Train.Features[2 * r] % 3, bundle.Train.Labels![r]);
        }
    }

    [Fact]
    public void Load_FeaturesAndLabelsBesideIt_AreAPair()
    {
        var features = Write("features.npy", X(10));
        Write("labels.npy", NpyFiles.Build("<f4", [10, 1],
            NpyFiles.Float32([.. Enumerable.Range(0, 10).Select(i => i + 0.25f)])));

        var bundle = DatasetCatalog.Load(features, new DataOptions());

        Assert.Equal(ModelTask.Regression, bundle.Task);
        Assert.Equal(bundle.Train.Features[0] + 0.25f, bundle.Train.Targets![0]);
    }

    [Fact]
    public void Load_LabelsNamedExplicitly_PairWithAnyFeaturesName()
    {
        var features = Write("inputs.npy", X(30));
        var labels = Write("answers.npy", Labels(30));

        var bundle = DatasetCatalog.Load(features, new DataOptions
        {
            Tabular = new DatasetDescription { Labels = labels, Task = ModelTask.Classification },
        });

        Assert.Equal(["0", "1", "2"], bundle.Train.ClassNames);
        Assert.Equal(24, bundle.Train.Count);
    }

    [Fact]
    public void Load_RowCountsDiffer_NamesBothCounts()
    {
        var x = Write("x.npy", X(30));
        Write("y.npy", Labels(29));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(x, Classification()));

        Assert.Equal("x.npy: array 'y.npy' has shape (29); expected (30,) to match the 30 rows of 'x.npy'", e.Message);
    }

    [Fact]
    public void Load_LabelsOfAnUnsupportedDtype_NameTheDtype()
    {
        var x = Write("x.npy", X(4));
        Write("y.npy", NpyFiles.Build("<U7", [4], new byte[4 * 28]));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(x, Classification()));

        Assert.Equal("y.npy: dtype '<U7' is not supported; supported dtypes are <f4, <f8, <i4, <i8, |u1", e.Message);
    }

    [Fact]
    public void Load_FortranOrderFeatures_AskForCOrder()
    {
        var x = Write("x.npy", NpyFiles.Build("<f4", [4, 2], NpyFiles.Float32(0, 1, 2, 3, 4, 5, 6, 7),
            fortranOrder: true));
        Write("y.npy", Labels(4));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(x, Classification()));

        Assert.Contains("Fortran (column-major) order", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("x.npy: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamedLabelsFileMissing_SaysWhichFile()
    {
        var features = Write("inputs.npy", X(4));

        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load(features, new DataOptions
        {
            Tabular = new DatasetDescription { Labels = _dir.File("gone.npy") },
        }));

        Assert.Contains("gone.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("inputs.npy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PairName_FollowsTheNpzArrayNames()
    {
        Assert.Equal(["y.npy", "y_test.npy", "y_train.npy", "labels_test.npy", null, null],
            new[] { "x.npy", "x_test.npy", "X_train.npy", "features_test.npy", "xray.npy", "x.csv" }
                .Select(NpyTable.PairName));
    }

    private string Write(string name, byte[] content)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static DataOptions Classification(string? test = null) => new()
    {
        Tabular = new DatasetDescription { Task = ModelTask.Classification, Test = test },
    };

    /// <summary>n rows of two features (i, −i).</summary>
    private static byte[] X(int n, int start = 0) => NpyFiles.Build("<f4", [n, 2],
        NpyFiles.Float32([.. Enumerable.Range(start, n).SelectMany(i => new float[] { i, -i })]));

    /// <summary>n labels i mod 3.</summary>
    private static byte[] Labels(int n) => NpyFiles.Build("<i8", [n],
        NpyFiles.Int64([.. Enumerable.Range(0, n).Select(i => (long)(i % 3))]));
}
