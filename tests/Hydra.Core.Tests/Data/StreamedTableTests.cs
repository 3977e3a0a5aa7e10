using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// A table's numeric columns are counted on the first read and read again straight into the split buffers: every row's
/// numbers must land in that row, whatever the file's layout (blank lines, fields spanning lines, gzip, Parquet row
/// groups), and imputation must still be fitted on the training rows alone.
/// </summary>
public sealed class StreamedTableTests : IDisposable
{
    private const int Rows = 60;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_CsvWithBlankLinesAndFieldsSpanningLines_PutsEveryNumberInItsOwnRow()
    {
        var path = _dir.File("rows.csv");
        File.WriteAllText(path, Csv());

        var bundle = Load(path);

        AssertRowsKeepTheirNumbers(bundle);
    }

    [Fact]
    public void Load_GzipCsv_GivesTheSameBundleAsThePlainFile()
    {
        var plain = _dir.File("rows.csv");
        File.WriteAllText(plain, Csv());
        var gzip = _dir.File("rows.csv.gz");
        using (var output = new GZipStream(File.Create(gzip), CompressionLevel.Fastest))
        {
            output.Write(Encoding.UTF8.GetBytes(Csv()));
        }

        var fromPlain = Load(plain);
        var fromGzip = Load(gzip);

        Assert.Equal(fromPlain.Train.Features, fromGzip.Train.Features);
        Assert.Equal(fromPlain.Test.Features, fromGzip.Test.Features);
        Assert.Equal(fromPlain.Columns!.Columns[1].Fill, fromGzip.Columns!.Columns[1].Fill);
    }

    [Fact]
    public void Load_ParquetOfSeveralRowGroups_PutsEveryChunksNumbersInTheirOwnRows()
    {
        var path = _dir.File("rows.parquet");
        ParquetFiles.WriteGroups(path, 7,
            ParquetFiles.Numbers("x", [.. Enumerable.Range(0, Rows).Select(i => (double?)i)]),
            ParquetFiles.Numbers("y", [.. Enumerable.Range(0, Rows).Select(i => i % 5 == 0 ? null : (double?)(2 * i))]),
            ParquetFiles.Texts("note", [.. Enumerable.Range(0, Rows).Select(i => $"note {i}")]),
            ParquetFiles.Texts("clinic", [.. Enumerable.Range(0, Rows).Select(Clinic)]),
            ParquetFiles.Texts("label", [.. Enumerable.Range(0, Rows).Select(Label)]));

        var bundle = Load(path);

        AssertRowsKeepTheirNumbers(bundle);
    }

    /// <summary>
    /// Row i: x = i, y = 2i (missing when i is a multiple of 5), clinic north for even i, label a or b; a note column
    /// whose quoted text spans two lines, and blank lines between rows.
    /// </summary>
    private static string Csv()
    {
        var text = new StringBuilder("x,y,note,clinic,label\n");
        for (var i = 0; i < Rows; i++)
        {
            var y = i % 5 == 0 ? "" : (2 * i).ToString(CultureInfo.InvariantCulture);
            var note = i % 4 == 0 ? "\"seen twice,\nonce \"\"late\"\"\"" : "plain";
            text.Append(CultureInfo.InvariantCulture, $"{i},{y},{note},{Clinic(i)},{Label(i)}\n");
            if (i % 6 == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Clinic(int i) => i % 2 == 0 ? "north" : "south";

    private static string Label(int i) => i % 3 == 0 ? "a" : "b";

    private static DatasetBundle Load(string path) => DatasetCatalog.Load(path, new DataOptions
    {
        Tabular = new DatasetDescription { Target = "label", Impute = ImputeStrategy.Mean, Exclude = ["note"] },
    });

    /// <summary>
    /// Every row of every split is [i, 2i or the fill, north, south] for its own i, with its own label; the fill is the
    /// mean of 2i over the training rows that have y.
    /// </summary>
    private static void AssertRowsKeepTheirNumbers(DatasetBundle bundle)
    {
        Assert.Equal(["x", "y", "clinic"], bundle.Columns!.FeatureNames);
        var trainX = Enumerable.Range(0, bundle.Train.Count).Select(r => (int)bundle.Train.Features[4 * r]).ToList();
        var fill = (float)trainX.Where(i => i % 5 != 0).Average(i => 2.0 * i);
        Assert.Equal(fill, bundle.Columns.Columns[1].Fill);
        Assert.Equal(Rows, bundle.Train.Count + bundle.Test.Count);
        foreach (var set in new[] { bundle.Train, bundle.Test })
        {
            for (var r = 0; r < set.Count; r++)
            {
                var i = (int)set.Features[4 * r];
                Assert.Equal(i % 5 == 0 ? fill : 2f * i, set.Features[(4 * r) + 1]);
                Assert.Equal(i % 2 == 0 ? [1f, 0f] : [0f, 1f], set.Features[((4 * r) + 2)..((4 * r) + 4)]);
                Assert.Equal(Label(i), set.ClassNames![set.Labels![r]]);
            }
        }
    }
}
