using Hydra.Core.Data;
using Hydra.Core.Data.Images;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data.Images;

/// <summary>
/// Image folders made in code: each class's images are flat grey at the class's own level, so every decoded row can
/// be checked against its label.
/// </summary>
public sealed class ImageFolderLoaderTests : IDisposable
{
    private static readonly Dictionary<string, byte> Levels = new() { ["cat"] = 200, ["dog"] = 50, ["owl"] = 120 };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder(string name, int perClass, int size = 4, IEnumerable<string>? classes = null)
    {
        var root = _dir.File(name);
        foreach (var c in classes ?? Levels.Keys)
        {
            for (var i = 0; i < perClass; i++)
            {
                TestImages.Flat(Path.Combine(root, c, $"{i:D3}.png"), size, Levels[c]);
            }
        }

        return root;
    }

    [Fact]
    public void Load_ClassFolders_GiveSortedClassesLabelsThatMatchThePixelsAndAStratifiedSplit()
    {
        var root = Folder("pets", 10);
        File.WriteAllText(Path.Combine(root, "cat", "notes.txt"), "not an image");

        var bundle = DatasetCatalog.Load(root, new DataOptions { Seed = 1 });

        Assert.Equal(("pets", ModelTask.Classification), (bundle.Name, bundle.Task));
        Assert.Equal(["cat", "dog", "owl"], bundle.Train.ClassNames!);
        Assert.Equal([1, 4, 4], bundle.Train.RowShape);
        Assert.Equal((24, 6), (bundle.Train.Count, bundle.Test.Count));
        foreach (var set in new[] { bundle.Train, bundle.Test })
        {
            for (var r = 0; r < set.Count; r++)
            {
                var level = Levels[set.ClassNames![set.Labels![r]]] / 255f;
                Assert.All(set.Row(r).ToArray(), v => Assert.Equal(level, v));
            }
        }

        Assert.Equal("cat=8, dog=8, owl=8", bundle.Summary["class_counts"]);
        Assert.Equal("1.00 (largest/smallest)", bundle.Summary["imbalance"]);
        Assert.Contains("1 files that are not PNG or JPEG images were left out", bundle.Notes);
        // Equal counts per class: the mean pixel is the mean of the three levels; each class's deviation from it.
        var mean = (200 + 50 + 120) / 3.0 / 255;
        var std = Math.Sqrt(Levels.Values.Average(l => Math.Pow((l / 255.0) - mean, 2)));
        Assert.Equal(mean, bundle.Normalization.Mean, 5);
        Assert.Equal(std, bundle.Normalization.Std, 5);
    }

    [Fact]
    public void Load_ClassesListed_KeepTheirOrderAndSizeAndChannelsAreConverted()
    {
        var root = Folder("pets", 3, size: 6);

        var bundle = DatasetCatalog.Load(root, new DataOptions
        {
            Tabular = new DatasetDescription { Classes = ["owl", "cat", "dog"], ImageSize = "3x2", Channels = 3 },
        });

        Assert.Equal(["owl", "cat", "dog"], bundle.Train.ClassNames!);
        Assert.Equal([3, 2, 3], bundle.Train.RowShape);
        Assert.Contains("9 images were resized to 3x2", bundle.Notes);
        Assert.Contains("9 images were converted to RGB", bundle.Notes);
        var owl = bundle.Train.Row(Array.IndexOf(bundle.Train.Labels!, 0)).ToArray();
        Assert.All(owl, v => Assert.Equal(120 / 255f, v, 1e-6f));
    }

    [Fact]
    public void Load_TrainAndTestSubFolders_TestOnTheTestFolderAndOodOnAnotherFolder()
    {
        var root = _dir.File("split");
        Folder(Path.Combine("split", "train"), 4);
        Folder(Path.Combine("split", "test"), 2, classes: ["dog", "owl"]);
        var ood = _dir.File("noise");
        TestImages.GreyPng(Path.Combine(ood, "a.png"), 4, 4, (x, y) => (byte)(x * y));
        TestImages.GreyPng(Path.Combine(ood, "deeper", "b.png"), 4, 4, (x, y) => (byte)(x + y));

        var bundle = DatasetCatalog.Load(root, new DataOptions
        {
            Tabular = new DatasetDescription { Ood = new Dictionary<string, string> { ["noise"] = ood } },
        });

        Assert.Equal((12, 4), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal(["cat", "dog", "owl"], bundle.Test.ClassNames!);
        Assert.DoesNotContain(0, bundle.Test.Labels!);
        Assert.Equal(2, bundle.Ood["noise"].Count);
        Assert.Null(bundle.Ood["noise"].Labels);
    }

    [Fact]
    public void Load_TrainLimitWithATestFolder_TakesEveryClass()
    {
        var root = _dir.File("split");
        Folder(Path.Combine("split", "train"), 20);
        Folder(Path.Combine("split", "test"), 1);

        var bundle = DatasetCatalog.Load(root, new DataOptions { TrainLimit = 15 });

        Assert.Equal(15, bundle.Train.Count);
        Assert.Equal(3, bundle.Train.Labels!.Distinct().Count());
    }

    [Fact]
    public void Load_AClassWithOneImage_IsTrainedOnAndWarnedAbout()
    {
        var root = Folder("pets", 5, classes: ["cat", "dog"]);
        TestImages.Flat(Path.Combine(root, "owl", "only.png"), 4, 120);

        var bundle = DatasetCatalog.Load(root, new DataOptions());

        Assert.Equal("class 'owl' has one row: it is trained on but never tested", bundle.Summary["warning.owl"]);
        Assert.Equal("cat=4, dog=4, owl=1", bundle.Summary["class_counts"]);
    }

    [Fact]
    public void Load_DatasetJson_NamesTheFolderRelativeToItself()
    {
        Folder("pets", 3);
        var json = _dir.File("dataset.json");
        File.WriteAllText(json, """{"name": "animals", "train": "pets", "image_size": "2x2", "test_fraction": 0.3}""");

        var bundle = DatasetCatalog.Load(json, new DataOptions());

        var fromFolder = DatasetCatalog.Load(_dir.Path, new DataOptions());

        Assert.Equal("animals", bundle.Name);
        Assert.Equal([1, 2, 2], bundle.Train.RowShape);
        Assert.Equal((6, 3), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal(bundle.Train.Features, fromFolder.Train.Features);
    }

    [Fact]
    public void Load_FolderWithoutClassFolders_SaysHowToLayItOut()
    {
        var root = _dir.File("flat");
        TestImages.Flat(Path.Combine(root, "a.png"), 2, 1);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(root, new DataOptions()));

        Assert.StartsWith("flat: no class sub-folders: put each class's images in a sub-folder", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyClassFolder_NamesIt()
    {
        var root = Folder("pets", 2, classes: ["cat"]);
        Directory.CreateDirectory(Path.Combine(root, "dog"));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(root, new DataOptions()));

        Assert.Equal("dog: class folder 'dog' holds no PNG or JPEG images", e.Message);
    }

    [Fact]
    public void Load_TestFolderWithAnUnknownClass_NamesIt()
    {
        var root = _dir.File("split");
        Folder(Path.Combine("split", "train"), 2, classes: ["cat", "dog"]);
        Folder(Path.Combine("split", "test"), 1, classes: ["owl"]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(root, new DataOptions()));

        Assert.Equal("test: sub-folder 'owl' is not one of the classes cat, dog", e.Message);
    }

    [Fact]
    public void Load_ACorruptImage_FailsNamingTheFile()
    {
        var root = Folder("pets", 3);
        File.WriteAllBytes(Path.Combine(root, "dog", "001.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(root, new DataOptions()));

        Assert.Equal(Path.Combine(root, "dog", "001.png"), e.FilePath);
    }

    [Fact]
    public void Load_ImageSizeThatIsNotWidthByHeight_AsksForIt()
    {
        var root = Folder("pets", 2);

        var e = Assert.Throws<InvalidRequestException>(() => DatasetCatalog.Load(root, new DataOptions
        {
            Tabular = new DatasetDescription { ImageSize = "28" },
        }));

        Assert.Equal("--image-size 28: give WIDTHxHEIGHT in pixels, e.g. 28x28.", e.Message);
    }

    [Fact]
    public void Inspect_ThenLoadTheDraft_GivesTheFolderAsInspected()
    {
        var root = Folder("pets", 3);
        TestImages.Flat(Path.Combine(root, "owl", "big.png"), 9, 120);

        var inspection = ImageInspection.Inspect(root, new DataLimits());
        var json = _dir.File("pets.json");
        File.WriteAllText(json, inspection.Draft(_dir.Path).ToJson());
        var bundle = DatasetCatalog.Load(json, new DataOptions());

        Assert.Equal(10, inspection.Images);
        Assert.Equal([KeyValuePair.Create("cat", 3), KeyValuePair.Create("dog", 3), KeyValuePair.Create("owl", 4)],
            inspection.ClassCounts);
        Assert.Equal([KeyValuePair.Create("4x4 grey", 9), KeyValuePair.Create("9x9 grey", 1)], inspection.Sizes);
        Assert.Equal("pets", inspection.Draft(_dir.Path).Train);
        Assert.Equal([1, 4, 4], bundle.Train.RowShape);
        Assert.Contains("1 images were resized to 4x4", bundle.Notes);
    }
}
