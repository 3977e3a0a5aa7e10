using Hydra.Core.Data;
using Hydra.Core.Data.Images;

namespace Hydra.Core.Tests.Data.Images;

public sealed class IdxPairLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Image i of 2×2 pixels all equal to 10·label; labels cycle 0, 1, 2.</summary>
    private void Pair(string prefix, int count, bool gzip)
    {
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray();
        var pixels = labels.SelectMany(l => Enumerable.Repeat((byte)(10 * l), 4)).ToArray();
        var (images, labelFile) = (IdxFiles.Images(count, 2, 2, pixels), IdxFiles.Labels(labels));
        var suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(_dir.File($"{prefix}-images-idx3-ubyte{suffix}"), gzip ? IdxFiles.Gzip(images) : images);
        File.WriteAllBytes(_dir.File($"{prefix}-labels-idx1-ubyte{suffix}"),
            gzip ? IdxFiles.Gzip(labelFile) : labelFile);
    }

    [Fact]
    public void Load_FolderOfPairs_TrainsOnTrainAndTestsOnT10k()
    {
        Pair("train", 30, gzip: true);
        Pair("t10k", 9, gzip: false);

        var bundle = DatasetCatalog.Load(_dir.Path, new DataOptions
        {
            Tabular = new Core.Data.Tabular.DatasetDescription { Classes = ["zero", "one", "two"] },
        });

        Assert.Equal((30, 9), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal(["zero", "one", "two"], bundle.Train.ClassNames!);
        Assert.Equal([1, 2, 2], bundle.Train.RowShape);
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            Assert.Equal(10 * bundle.Train.Labels![r] / 255f, bundle.Train.Row(r)[0]);
        }

        Assert.Equal("zero=10, one=10, two=10", bundle.Summary["class_counts"]);
    }

    [Fact]
    public void Load_ImagesFileAlone_FindsItsLabelsAndSplitsPerClass()
    {
        Pair("digits", 30, gzip: false);

        var bundle = DatasetCatalog.Load(_dir.File("digits-images-idx3-ubyte"), new DataOptions());

        Assert.Equal(["0", "1", "2"], bundle.Train.ClassNames!);
        Assert.Equal((24, 6), (bundle.Train.Count, bundle.Test.Count));
    }

    [Fact]
    public void Load_ImagesWithoutLabelsFile_NamesTheFileExpected()
    {
        File.WriteAllBytes(_dir.File("x-images-idx3-ubyte"), IdxFiles.Images(1, 1, 1, [0]));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(_dir.File("x-images-idx3-ubyte"),
            new DataOptions()));

        Assert.Equal("x-images-idx3-ubyte: no labels file beside it (expected x-labels-idx1-ubyte[.gz])", e.Message);
    }

    [Fact]
    public void Load_OodImagesOfAnotherSize_NamesBothSizes()
    {
        Pair("train", 9, gzip: false);
        File.WriteAllBytes(_dir.File("other-images-idx3-ubyte"), IdxFiles.Images(2, 3, 3, new byte[18]));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(_dir.Path, new DataOptions
        {
            Tabular = new Core.Data.Tabular.DatasetDescription
            {
                Ood = new Dictionary<string, string> { ["other"] = _dir.File("other-images-idx3-ubyte") },
            },
        }));

        Assert.Equal("other-images-idx3-ubyte: images of 3x3, but the training images are 2x2", e.Message);
    }

    [Fact]
    public void WriteIdx_ThenLoadTheFolder_GivesTheIdxPixelsExactly()
    {
        var random = new Random(2);
        var labels = Enumerable.Range(0, 12).Select(i => (byte)(i % 2)).ToArray();
        var pixels = new byte[12 * 5 * 4];
        random.NextBytes(pixels);
        File.WriteAllBytes(_dir.File("train-images-idx3-ubyte"), IdxFiles.Images(12, 5, 4, pixels));
        File.WriteAllBytes(_dir.File("train-labels-idx1-ubyte"), IdxFiles.Labels(labels));
        var folder = _dir.File("png");

        ImageFolderWriter.WriteIdx(_dir.File("train-images-idx3-ubyte"), folder, ["even", "odd"]);
        var bundle = DatasetCatalog.Load(folder, new DataOptions
        {
            Tabular = new Core.Data.Tabular.DatasetDescription { TestFraction = 0 },
        });

        Assert.Equal([1, 5, 4], bundle.Train.RowShape);
        var idx = IdxReader.ReadImages(_dir.File("train-images-idx3-ubyte"));
        var rows = Enumerable.Range(0, 12).Select(i => idx.Pixels.AsSpan(i * 20, 20).ToArray()).ToList();
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            // Every row decoded from a PNG is one of the IDX images, bit for bit, under the IDX image's class.
            var match = rows.FindIndex(x => x.SequenceEqual(bundle.Train.Row(r).ToArray()));
            Assert.True(match >= 0);
            Assert.Equal(labels[match], bundle.Train.Labels![r]);
        }
    }
}
