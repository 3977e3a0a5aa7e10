using System.IO.Compression;
using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class DatasetCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_UnknownName_ThrowsListingKnownNames()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load("cifar-10", new DataOptions()));

        Assert.Contains("cifar-10", e.Message, StringComparison.Ordinal);
        Assert.Contains("spirals, fashion-mnist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Spirals_GivesTrainTestAndThreeOodSetsWithNotes()
    {
        var bundle = DatasetCatalog.Load("spirals", new DataOptions { Seed = 4 });

        Assert.Equal(3000, bundle.Train.Count);
        Assert.Equal(1000, bundle.Test.Count);
        Assert.Equal(["seams", "gaps", "annulus"], bundle.Ood.Keys);
        Assert.All(bundle.Ood.Values, set => Assert.Equal(1000, set.Count));
        Assert.Equal("seams", bundle.FeaturedOod);
        Assert.Equal(bundle.Ood.Keys, bundle.OodNotes.Keys);
        Assert.StartsWith("featured:", bundle.OodNotes["seams"], StringComparison.Ordinal);
        Assert.StartsWith("known failure:", bundle.OodNotes["annulus"], StringComparison.Ordinal);
        Assert.Equal(Normalization.Identity, bundle.Normalization);
        Assert.Equal(["arm0", "arm1", "arm2"], bundle.Train.ClassNames!);
        Assert.NotEqual(bundle.Train.Features[..2000], bundle.Test.Features[..2000]);
    }

    [Fact]
    public void Load_SpiralsTwiceWithSameSeed_IsDeterministic()
    {
        var a = DatasetCatalog.Load("spirals", new DataOptions { Seed = 11 });
        var b = DatasetCatalog.Load("spirals", new DataOptions { Seed = 11 });
        var c = DatasetCatalog.Load("spirals", new DataOptions { Seed = 12 });

        Assert.Equal(a.Train.Features, b.Train.Features);
        Assert.Equal(a.Ood["annulus"].Features, b.Ood["annulus"].Features);
        Assert.NotEqual(a.Train.Features, c.Train.Features);
    }

    [Fact]
    public void Load_SpiralsWithLimits_TakesFewerRows()
    {
        var bundle = DatasetCatalog.Load("spirals", new DataOptions { TrainLimit = 30, TestLimit = 12 });

        Assert.Equal(30, bundle.Train.Count);
        Assert.Equal(12, bundle.Test.Count);
    }

    [Fact]
    public void Load_FashionMnistFolderMissing_SaysHowToInstall()
    {
        var options = new DataOptions { FashionMnistDirectory = _dir.File("nowhere") };

        var e = Assert.Throws<DatasetUnavailableException>(() => DatasetCatalog.Load("fashion-mnist", options));

        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains("HYDRA_FASHION_MNIST", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FashionMnistWithoutDigits_LeavesDigitsOut()
    {
        WriteTinyFashionMnist(trainCount: 5, testCount: 3);
        var options = new DataOptions { FashionMnistDirectory = _dir.Path, SklearnDirectory = _dir.File("no-sklearn") };

        var bundle = DatasetCatalog.Load("fashion-mnist", options);

        Assert.Equal(5, bundle.Train.Count);
        Assert.Equal(3, bundle.Test.Count);
        Assert.Equal([1, 28, 28], bundle.Train.RowShape);
        Assert.Equal("Ankle boot", bundle.Train.ClassNames![9]);
        Assert.Equal(new Normalization(0.2860f, 0.3530f), bundle.Normalization);
        Assert.Equal(["noise"], bundle.Ood.Keys);
        Assert.Equal(2000, bundle.Ood["noise"].Count);
        Assert.Equal(SyntheticDatasets.UniformNoiseImages(2000, 123, [1, 28, 28]).Features,
            bundle.Ood["noise"].Features);
    }

    [Fact]
    public void Load_FashionMnistWithDigitsAndLimits_AddsDigitsAndTakesFirstRows()
    {
        WriteTinyFashionMnist(trainCount: 6, testCount: 4);
        var sklearn = Directory.CreateDirectory(_dir.File("sklearn")).FullName;
        using (var gzip = new GZipStream(File.Create(Path.Combine(sklearn, "digits.csv.gz")), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            writer.WriteLine(string.Join(',', Enumerable.Repeat("8", 64)) + ",5");
        }

        var options = new DataOptions
        {
            FashionMnistDirectory = _dir.Path,
            SklearnDirectory = sklearn,
            TrainLimit = 2,
            TestLimit = 10
        };

        var bundle = DatasetCatalog.Load("fashion-mnist", options);

        Assert.Equal(2, bundle.Train.Count);
        Assert.Equal([0, 1], bundle.Train.Labels!);
        Assert.Equal(4, bundle.Test.Count);
        Assert.Equal(["digits", "noise"], bundle.Ood.Keys.Order());
        Assert.Equal(0.5f, bundle.Ood["digits"].Features[0], 6);
    }

    [Fact]
    public void Load_FashionMnistLabelsShort_ThrowsFormatError()
    {
        WriteTinyFashionMnist(trainCount: 5, testCount: 3);
        File.WriteAllBytes(_dir.File("t10k-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Labels([1, 2])));
        var options = new DataOptions { FashionMnistDirectory = _dir.Path, SklearnDirectory = _dir.Path };

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load("fashion-mnist", options));

        Assert.StartsWith("t10k-labels-idx1-ubyte.gz: 2 labels for the 3 images", e.Message, StringComparison.Ordinal);
    }

    [FashionMnistFact]
    public void Load_InstalledFashionMnist_HasTenThousandBalancedTestRows()
    {
        var options = new DataOptions
        {
            FashionMnistDirectory = DataOptions.DefaultFashionMnistDirectory,
            TrainLimit = 100
        };

        var bundle = DatasetCatalog.Load("fashion-mnist", options);

        Assert.Equal(10000, bundle.Test.Count);
        Assert.Equal(100, bundle.Train.Count);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, bundle.Test.Labels!.Count(l => l == c)));
        Assert.InRange(bundle.Test.Features.Average(), 0.27, 0.30);
    }

    private void WriteTinyFashionMnist(int trainCount, int testCount)
    {
        foreach (var (prefix, count) in new[] { ("train", trainCount), ("t10k", testCount) })
        {
            var pixels = Enumerable.Range(0, count * 784).Select(i => (byte)(i % 256)).ToArray();
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            File.WriteAllBytes(_dir.File($"{prefix}-images-idx3-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Images(count, 28,
                28, pixels)));
            File.WriteAllBytes(_dir.File($"{prefix}-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Labels(labels)));
        }
    }
}
