using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

public sealed class TableInspectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Inspect_Table_FindsKindsClassesMissingCellsAndIdentifiers()
    {
        // 12 rows: ids all distinct, x with one gap, a 2-category column, label yes ×8 / no ×4.
        var path = Write("t.csv", ["id,x,colour,label", .. Enumerable.Range(0, 12).Select(i
            => $"r{i},{(i == 5 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))},"
                + $"{(i % 2 == 0 ? "red" : "blue")},{(i % 3 == 0 ? "no" : "yes")}")]);

        var inspection = TableInspection.Inspect(path);

        Assert.Equal(12, inspection.Rows);
        Assert.Equal([ColumnKind.Identifier, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Categorical],
            inspection.Columns.Select(c => c.Kind));
        Assert.Equal([0, 1, 0, 0], inspection.Columns.Select(c => c.Missing));
        Assert.Equal([12, 11, 2, 2], inspection.Columns.Select(c => c.Distinct));
        Assert.Equal("label", inspection.Target);
        Assert.Equal(ModelTask.Classification, inspection.Task);
        Assert.Equal([KeyValuePair.Create("no", 4), KeyValuePair.Create("yes", 8)], inspection.ClassCounts!);
        Assert.Equal(["id"], inspection.LeftOut);
    }

    [Fact]
    public void Draft_WrittenAndReadBack_LoadsTheTableWithItsSettings()
    {
        var path = Write("t.csv", ["id,x,label", .. Enumerable.Range(0, 12).Select(i
            => $"r{i},{(i == 5 ? "NA" : $"{i}")},{(i % 3 == 0 ? "no" : "yes")}")]);
        var json = _dir.File("dataset.json");

        File.WriteAllText(json, TableInspection.Inspect(path).Draft(_dir.Path).ToJson());
        var description = DatasetDescription.Read(json);
        var bundle = DatasetCatalog.Load(json, new DataOptions());

        Assert.Equal("t.csv", TableInspection.Inspect(path).Draft(_dir.Path).Train);
        Assert.Equal(path, description.Train);
        Assert.Equal(["id"], description.Exclude);
        Assert.Equal(ImputeStrategy.Mean, description.Impute);
        Assert.Equal(["no", "yes"], bundle.Train.ClassNames!);
        Assert.Equal(["x"], bundle.Columns!.FeatureNames);
    }

    [Fact]
    public void Inspect_IntegerLabels_SaysTheTaskMustBeGiven()
    {
        var path = Write("ints.csv", ["x,y", .. Enumerable.Range(0, 10).Select(i => $"{i},{i % 2}")]);

        var inspection = TableInspection.Inspect(path, "y");

        Assert.Null(inspection.Task);
        Assert.StartsWith("ints.csv: the label column 'y' holds integers with 2 distinct values: give --task",
            inspection.TaskProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ManifestWhoseColumnSchemaDoesNotFitTheRow_IsRefused()
    {
        var json = """
            {"model_id": "m", "kind": "hydra", "task": "classification", "heads": 2, "classes": ["a", "b"],
             "input": {"shape": [2], "normalization": {"mean": 0, "std": 1},
                       "columns": {"columns": [{"name": "x", "kind": "numeric"},
                                               {"name": "c", "kind": "categorical", "categories": ["u", "v"]}]}},
             "architecture": {"name": "a", "input_shape": [2], "body": [],
                              "head": [{"type": "linear", "in": 2, "out": 2}]},
             "source": {"checkpoint_folder": "c", "sha256": "s"},
             "parity": {"max_abs_diff_probe": null, "max_abs_diff_random": 0, "rows": 1, "tolerance": 1e-5,
                        "passed": true},
             "multiply_accumulates": 4, "created": "2025-01-01T00:00:00Z", "exporter_version": "1", "onnx_sha256": "x"}
            """;

        var error = Assert.Throws<InvalidDataException>(() => ModelManifest.FromJson(json));

        Assert.Equal("manifest.json: the column schema encodes 3 values, but a row has 2.", error.Message);
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = _dir.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
