using System.Text.Json;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

public sealed class TabularLoaderTests : IDisposable
{
    private static readonly string[] Clinics = ["north", "south", "east"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Row i: id p{i}, x = i, clinic rotating north/south/east, label b when i % 4 == 0 else a.</summary>
    private static string Patient(int i) => $"p{i},{i},{Clinics[i % 3]},{(i % 4 == 0 ? "b" : "a")}";

    [Fact]
    public void Load_StringLabels_GiveSortedClassesAStratifiedSplitAndOneHotCategories()
    {
        var path = Write("patients.csv", ["id,x,clinic,label", .. Enumerable.Range(0, 20).Select(Patient)]);

        var bundle = DatasetCatalog.Load(path, new DataOptions { Target = "label", Seed = 3 });

        Assert.Equal(ModelTask.Classification, bundle.Task);
        Assert.Equal(["a", "b"], bundle.Train.ClassNames!);
        // 15 a and 5 b: floor(0.8 · 15) = 12 and floor(0.8 · 5) = 4 train, the rest test.
        Assert.Equal((16, 4), (bundle.Train.Count, bundle.Test.Count));
        Assert.Equal("a=12, b=4", bundle.Summary["class_counts"]);
        Assert.Equal("3.00 (largest/smallest)", bundle.Summary["imbalance"]);
        Assert.Contains(bundle.Notes, n => n.StartsWith("column 'id' looks like an identifier",
            StringComparison.Ordinal));
        var schema = bundle.Columns!;
        Assert.Equal(["x", "clinic"], schema.FeatureNames);
        Assert.Equal(["id", "label"], schema.Ignored);
        var categories = schema.Columns[1].Categories!;
        Assert.Equal(categories.Order(StringComparer.Ordinal), categories);
        Assert.Equal(1 + categories.Count, bundle.Train.RowSize);
        for (var r = 0; r < bundle.Train.Count; r++)
        {
            var row = bundle.Train.Row(r).ToArray();
            var i = (int)row[0];
            Assert.Equal(i % 4 == 0 ? 1 : 0, bundle.Train.Labels![r]);
            Assert.Equal(categories.Select(c => c == Clinics[i % 3] ? 1f : 0f), row[1..]);
        }
    }

    [Fact]
    public void Load_MissingCellWithoutImputation_NamesFileLineColumnAndCount()
    {
        var path = Write("gaps.csv", ["x,clinic,label", "1,north,a", "2,,b", "NA,south,a", "4,north,b"]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "label" }));

        Assert.Equal("gaps.csv: line 3, column 2 (clinic): missing value (an empty cell); 2 cells are missing in x, "
            + "clinic: fill them, leave the columns out with --exclude, or give --impute mean|median|zero", e.Message);
    }

    [Theory]
    [InlineData(ImputeStrategy.Mean, 3f, "north")]
    [InlineData(ImputeStrategy.Median, 2f, "north")]
    [InlineData(ImputeStrategy.Zero, 0f, null)]
    public void Load_Imputation_IsFittedOnTheTrainingFileAndKeptInTheSchema(ImputeStrategy impute, float fill,
        string? category)
    {
        // Training x values 1, 2, 6 (one missing): mean 3, median 2; clinic north twice, south once.
        var train = Write("train.csv", ["x,clinic,label", "1,north,a", "2,south,b", ",north,a", "6,,b"]);
        var test = Write("test.csv", ["x,clinic,label", ",west,a", "5,,b"]);

        var bundle = DatasetCatalog.Load(train, new DataOptions
        {
            Target = "label",
            Tabular = new DatasetDescription { Test = test, Impute = impute },
        });

        var (x, clinic) = (bundle.Columns!.Columns[0], bundle.Columns.Columns[1]);
        Assert.Equal(fill, x.Fill);
        Assert.Equal(category, clinic.FillCategory);
        Assert.Equal(["north", "south"], clinic.Categories!);
        // Test row 1: x imputed, 'west' unseen → zeros; row 2: clinic imputed.
        float[] filled = category is null ? [0f, 0f] : [1f, 0f];
        Assert.Equal([fill, 0f, 0f, 5f, .. filled], bundle.Test.Features);
        Assert.Contains(bundle.Notes, n => n.StartsWith("test.csv: 1 categorical cells hold a category not seen",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IntegerLabelsWithoutTask_AskForTheTask()
    {
        var path = Write("ints.csv", ["x,y", .. Enumerable.Range(0, 10).Select(i => $"{i},{i % 3}")]);

        var e = Assert.Throws<InvalidRequestException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "y" }));
        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Target = "y",
            Tabular = new DatasetDescription { Task = ModelTask.Classification },
        });

        Assert.Equal("ints.csv: the label column 'y' holds integers with 3 distinct values: give --task "
            + "classification (each integer a class) or --task regression (\"task\" in dataset.json).", e.Message);
        Assert.Equal(["0", "1", "2"], bundle.Train.ClassNames!);
    }

    [Fact]
    public void Load_TextLabelsForRegression_NameTheCell()
    {
        var path = Write("text.csv", ["x,y", "1,cat", "2,dog"]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions
        {
            Target = "y",
            Tabular = new DatasetDescription { Task = ModelTask.Regression },
        }));

        Assert.Equal("text.csv: line 2, column 2 (y): 'cat' is not a number, and regression needs numbers", e.Message);
    }

    [Fact]
    public void Load_ClassWithOneRow_IsTrainedOnWithAWarning()
    {
        var path = Write("rare.csv",
            ["x,y", .. Enumerable.Range(0, 10).Select(i => $"{i},{(i == 7 ? "rare" : "common")}")]);

        var bundle = DatasetCatalog.Load(path, new DataOptions { Target = "y" });

        Assert.Equal("common=7, rare=1", bundle.Summary["class_counts"]);
        Assert.Equal("class 'rare' has one row: it is trained on but never tested", bundle.Summary["warning.rare"]);
        Assert.Equal(7f, bundle.Train.Features[Array.IndexOf(bundle.Train.Labels!, 1)]);
    }

    [Fact]
    public void Load_UnlistedClass_NamesTheLine()
    {
        var path = Write("labels.csv", ["x,y", "1,a", "2,b", "3,c"]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions
        {
            Target = "y",
            Tabular = new DatasetDescription { Classes = ["b", "a"] },
        }));

        Assert.Equal("labels.csv: line 4, column 2 (y): label 'c' is not one of the classes b, a", e.Message);
    }

    [Fact]
    public void Encode_RowFromTheCard_EqualsTheTrainingRowNormalised()
    {
        var path = Write("patients.csv",
            ["id,x,clinic,label", .. Enumerable.Range(0, 20).Select(Patient), "p20,,,a"]);
        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Target = "label",
            Tabular = new DatasetDescription { Impute = ImputeStrategy.Mean, ValidationFraction = 0.25 },
        });
        var card = new InputSpec(bundle.Train.RowShape, bundle.Normalization, bundle.FeatureNormalization)
        {
            Columns = bundle.Columns,
        };
        var stored = JsonSerializer.Deserialize<InputSpec>(JsonSerializer.Serialize(card, HydraJson.Options),
            HydraJson.Options)!;

        var checkedRows = 0;
        foreach (var set in new[] { bundle.Train, bundle.Test, bundle.Validation! })
        {
            for (var r = 0; r < set.Count; r++)
            {
                var trained = set.Row(r).ToArray();
                bundle.FeatureNormalization!.Apply(trained);
                var i = RowIndex(set.Row(r), stored.Columns!.Columns[0].Fill!.Value);
                var named = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(i < 20
                    ? $$"""{"id": "p{{i}}", "x": {{i}}, "clinic": "{{Clinics[i % 3]}}", "label": "a"}"""
                    : """{"id": "p20", "x": null, "clinic": "", "label": "a"}""")!;

                var scored = TabularPreprocessor.Encode(stored,
                    named.ToDictionary(p => p.Key, p => (object?)p.Value));

                Assert.Equal(trained, scored);
                checkedRows++;
            }
        }

        Assert.Equal(21, checkedRows);
    }

    [Fact]
    public void Encode_UnknownMissingOrWrongTypedColumn_IsABadRequestNamingIt()
    {
        var schema = new TabularSchema([new FeatureColumn("x", ColumnKind.Numeric),
            new FeatureColumn("c", ColumnKind.Categorical) { Categories = ["u", "v"] }])
        { Ignored = ["id"] };
        var values = new float[3];

        var unknown = Assert.Throws<InvalidColumnException>(() => TabularPreprocessor.EncodeRaw(schema,
            new Dictionary<string, object?> { ["x"] = 1.0, ["c"] = "u", ["zz"] = 2 }, values));
        var missing = Assert.Throws<InvalidColumnException>(() => TabularPreprocessor.EncodeRaw(schema,
            new Dictionary<string, object?> { ["x"] = 1.0 }, values));
        var wrong = Assert.Throws<InvalidColumnException>(() => TabularPreprocessor.EncodeRaw(schema,
            new Dictionary<string, object?> { ["x"] = "abc", ["c"] = "u" }, values));
        var unseen = TabularPreprocessor.EncodeRaw(schema,
            new Dictionary<string, object?> { ["x"] = 2.5f, ["c"] = "w", ["id"] = "p1" }, values);

        Assert.Equal("The row has an unknown column 'zz'; the model's columns are x, c.", unknown.Message);
        Assert.Equal("The row has no column 'c'; it needs x, c.", missing.Message);
        Assert.Equal("Column 'x' takes a number, not 'abc'.", wrong.Message);
        Assert.Equal(("zz", "c", "x"), (unknown.Column, missing.Column, wrong.Column));
        Assert.Equal(1, unseen);
        Assert.Equal([2.5f, 0f, 0f], values);
    }

    [Fact]
    public void Load_DatasetJson_ResolvesItsFilesAndMatchesTheFlags()
    {
        var data = Write("patients.csv", ["id,x,clinic,label", .. Enumerable.Range(0, 20).Select(Patient)]);
        var ood = Write("far.csv", ["x,clinic", "100,north", "-50,west"]);
        var json = _dir.File("dataset.json");
        File.WriteAllText(json, """
            { "train": "patients.csv", "target": "label", "exclude": ["clinic"], "ood": { "far": "far.csv" } }
            """);

        var fromJson = DatasetCatalog.Load(json, new DataOptions { Seed = 1 });
        var fromFlags = DatasetCatalog.Load(data, new DataOptions
        {
            Target = "label",
            Seed = 1,
            Tabular = new DatasetDescription
            {
                Exclude = ["clinic"],
                Ood = new Dictionary<string, string> { ["far"] = ood },
            },
        });

        Assert.Equal(["x"], fromJson.Columns!.FeatureNames);
        Assert.Equal(fromFlags.Train.Features, fromJson.Train.Features);
        Assert.Equal(fromFlags.Test.Labels!, fromJson.Test.Labels!);
        Assert.Equal([100f, -50f], fromJson.Ood["far"].Features);
    }

    /// <summary>The generator's i of a raw row: x, or 20 for the row whose x was imputed (a mean, not whole).</summary>
    private static int RowIndex(ReadOnlySpan<float> row, float fill) => row[0] == fill ? 20 : (int)row[0];

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = _dir.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
