using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Parquet.Schema;

namespace Hydra.Core.Tests.Data;

/// <summary>Parquet tables through the same machinery as CSV: the same table in both formats loads the same.</summary>
public sealed class ParquetTableTests : IDisposable
{
    private static readonly string[] Clinics = ["north", "south", "east"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Row i: id p{i}, x = i / 4, clinic rotating, label "b" when i % 4 == 0 else "a".</summary>
    private (string Csv, string Parquet) Patients(int rows)
    {
        var csv = _dir.File("patients.csv");
        File.WriteAllLines(csv, ["id,x,clinic,label", .. Enumerable.Range(0, rows).Select(i => FormattableString
            .Invariant($"p{i},{i / 4.0},{Clinics[i % 3]},{(i % 4 == 0 ? "b" : "a")}"))]);
        var parquet = _dir.File("patients.parquet");
        ParquetFiles.Write(parquet,
            ParquetFiles.Texts("id", [.. Enumerable.Range(0, rows).Select(i => $"p{i}")]),
            ParquetFiles.Numbers("x", [.. Enumerable.Range(0, rows).Select(i => (double?)(i / 4.0))]),
            ParquetFiles.Texts("clinic", [.. Enumerable.Range(0, rows).Select(i => Clinics[i % 3])]),
            ParquetFiles.Texts("label", [.. Enumerable.Range(0, rows).Select(i => i % 4 == 0 ? "b" : "a")]));
        return (csv, parquet);
    }

    [Fact]
    public void Load_SameTableAsCsvAndParquet_GivesTheSameBundle()
    {
        var (csv, parquet) = Patients(24);
        var options = new DataOptions { Target = "label", Seed = 5 };

        var fromCsv = DatasetCatalog.Load(csv, options);
        var fromParquet = DatasetCatalog.Load(parquet, options);

        Assert.Equal(ModelTask.Classification, fromParquet.Task);
        Assert.Equal(["a", "b"], fromParquet.Train.ClassNames!);
        Assert.Equal(fromCsv.Train.Features, fromParquet.Train.Features);
        Assert.Equal(fromCsv.Train.Labels, fromParquet.Train.Labels);
        Assert.Equal(fromCsv.Test.Features, fromParquet.Test.Features);
        Assert.Equal(fromCsv.Columns!.FeatureNames, fromParquet.Columns!.FeatureNames);
        Assert.Equal(fromCsv.Columns.Columns[1].Categories!, fromParquet.Columns.Columns[1].Categories!);
        Assert.Equal(fromCsv.Summary, fromParquet.Summary);
        Assert.Contains(fromParquet.Notes, n => n.StartsWith("column 'id' looks like an identifier",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_CsvToParquetInRowGroups_LoadsAsTheCsvDoes()
    {
        var (csv, _) = Patients(24);
        var parquet = _dir.File("converted.parquet");
        var options = new DataOptions { Target = "label", Seed = 5 };

        var rows = ParquetTableWriter.Convert(csv, parquet, rowGroupRows: 10);
        using var file = new ParquetSharp.ParquetFileReader(parquet);
        using var metadata = file.FileMetaData;
        var groups = Enumerable.Range(0, metadata.NumRowGroups).Select(g =>
        {
            using var group = file.RowGroup(g);
            return group.MetaData.NumRows;
        }).ToArray();
        var fromCsv = DatasetCatalog.Load(csv, options);
        var fromParquet = DatasetCatalog.Load(parquet, options);

        Assert.Equal(24, rows);
        Assert.Equal([10L, 10L, 4L], groups);
        Assert.Equal(fromCsv.Train.Features, fromParquet.Train.Features);
        Assert.Equal(fromCsv.Train.Labels, fromParquet.Train.Labels);
        Assert.Equal(fromCsv.Test.Features, fromParquet.Test.Features);
    }

    [Fact]
    public void Load_IntegerLabels_AskForTheTaskThenTrainClassesNamedByTheIntegers()
    {
        var path = _dir.File("ints.parquet");
        ParquetFiles.Write(path, ParquetFiles.Numbers("x", [.. Enumerable.Range(0, 12).Select(i => (double?)i)]),
            ParquetFiles.Integers("y", [.. Enumerable.Range(0, 12).Select(i => i % 3)]));

        var e = Assert.Throws<InvalidRequestException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "y" }));
        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Target = "y",
            Tabular = new DatasetDescription { Task = ModelTask.Classification },
        });

        Assert.Contains("give --task classification", e.Message, StringComparison.Ordinal);
        Assert.Equal(["0", "1", "2"], bundle.Train.ClassNames!);
    }

    [Fact]
    public void Load_NullCellWithoutImputation_NamesFileRowAndColumn()
    {
        var path = _dir.File("gaps.parquet");
        ParquetFiles.Write(path, ParquetFiles.Numbers("x", 1, 2, null, 4), ParquetFiles.Texts("label", "a", "b", "a",
            "b"));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "label" }));
        var imputed = DatasetCatalog.Load(path, new DataOptions
        {
            Target = "label",
            Tabular = new DatasetDescription { Impute = ImputeStrategy.Zero, TestFraction = 0.01 },
        });

        Assert.StartsWith("gaps.parquet: row 3, column 1 (x): missing value (an empty cell); 1 cells are missing in x",
            e.Message, StringComparison.Ordinal);
        Assert.Contains(0f, imputed.Train.Features.Concat(imputed.Test.Features));
    }

    [Fact]
    public void Load_ListColumn_FailsNamingItUnlessItIsExcluded()
    {
        var path = _dir.File("nested.parquet");
        ParquetFiles.WriteWithList(path, [1, 2, 3, 4, 5, 6], "a");

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "X", Tabular = new DatasetDescription { Task = ModelTask.Regression } }));
        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Target = "X",
            Tabular = new DatasetDescription { Task = ModelTask.Regression, Exclude = ["Tags"] },
        });

        Assert.Equal("nested.parquet: column 2 (Tags) is a list column, which cannot be a feature or a label: leave "
            + "it out with --exclude Tags", e.Message);
        Assert.Equal(["Label"], bundle.Columns!.FeatureNames);
    }

    [Fact]
    public void Load_BinaryColumn_IsUnsupportedAndNamed()
    {
        var path = _dir.File("blobs.parquet");
        ParquetFiles.Write(path, ParquetFiles.Numbers("x", 1, 2, 3, 4),
            new ParquetFiles.Column(new DataField<byte[]>("blob"), new[] { new byte[] { 1 }, [2], [3], [4] }));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions
        {
            Target = "x",
            Tabular = new DatasetDescription { Task = ModelTask.Regression },
        }));
        var inspection = TableInspection.Inspect(path, "x");

        Assert.Contains("column 2 (blob) is a binary column", e.Message, StringComparison.Ordinal);
        Assert.Equal(ColumnKind.Unsupported, inspection.Columns[1].Kind);
        Assert.Equal(["blob"], inspection.Draft(_dir.Path).Exclude);
    }

    [Fact]
    public void Load_TypedColumns_ReadAsTheirNumbersOrText()
    {
        // Every physical and logical type a table holds, as Parquet.Net writes them: unsigned and 64-bit integers,
        // floats, decimals (a fixed-length byte array with a scale), booleans (a categorical), a date (unsupported).
        var path = _dir.File("typed.parquet");
        ParquetFiles.WriteColumns(path,
            ParquetFiles.Typed(new DataField<uint>("u"), 1u, 4_000_000_000u, 3u, 4u),
            ParquetFiles.Typed(new DataField<long>("l"), -5L, 6L, 7_000_000_000L, 8L),
            ParquetFiles.Typed(new DataField<float>("f"), 0.5f, 1.5f, 2.5f, 3.5f),
            ParquetFiles.Typed(new DecimalDataField("d", 10, 2), 1.25m, -2.5m, 3m, 4.75m),
            ParquetFiles.Typed(new DataField<bool>("b"), true, false, true, true),
            ParquetFiles.Typed(new DataField<DateTime>("when"), [.. Enumerable.Range(1, 4)
                .Select(i => new DateTime(2026, 1, i, 0, 0, 0, DateTimeKind.Utc))]),
            ParquetFiles.Typed(new DataField<double>("y"), 10.0, 20, 30, 40));

        var table = ParquetColumnReader.Read(path);
        var inspection = TableInspection.Inspect(path, "y");

        Assert.Equal([1f, 4e9f, 3f, 4f], Numbers(table.Columns[0]));
        Assert.Equal([-5f, 6f, 7e9f, 8f], Numbers(table.Columns[1]));
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f], Numbers(table.Columns[2]));
        Assert.Equal([1.25f, -2.5f, 3f, 4.75f], Numbers(table.Columns[3]));
        Assert.Equal(["true", "false", "true", "true"], Enumerable.Range(0, 4).Select(table.Columns[4].Text));
        Assert.Equal("a date or time column (convert it to a number or text)", table.Columns[5].Unsupported);
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Numeric,
            ColumnKind.Categorical, ColumnKind.Unsupported, ColumnKind.Numeric],
            inspection.Columns.Select(c => c.Kind));

        static float[] Numbers(CsvColumn column) => [.. Enumerable.Range(0, column.Count).Select(column.Number)];
    }

    [Fact]
    public void Load_TextThatIsNotUtf8_NamesRowAndColumn()
    {
        var path = _dir.File("latin1.parquet");
        ParquetFiles.WriteRawStrings(path, "ok"u8.ToArray(), "fine"u8.ToArray(), [0x63, 0x61, 0x66, 0xE9]);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path, new DataOptions
        {
            Target = "x",
            Tabular = new DatasetDescription { Task = ModelTask.Regression },
        }));

        Assert.Equal("latin1.parquet: row 3, column 2 (name): text that is not valid UTF-8", e.Message);
    }

    [Fact]
    public void Load_NotAParquetFile_SaysSo()
    {
        var path = _dir.File("fake.parquet");
        File.WriteAllText(path, "x,y\n1,2\n");

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Target = "y" }));

        Assert.StartsWith("fake.parquet: not a readable Parquet file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Parquet_GivesKindsAndClassCounts()
    {
        var (_, parquet) = Patients(20);

        var inspection = TableInspection.Inspect(parquet);

        Assert.Equal(20, inspection.Rows);
        Assert.Equal([ColumnKind.Identifier, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Categorical],
            inspection.Columns.Select(c => c.Kind));
        Assert.Equal([KeyValuePair.Create("a", 15), KeyValuePair.Create("b", 5)], inspection.ClassCounts!);
    }
}
