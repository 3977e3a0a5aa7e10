using System.IO.Compression;
using System.Text;
using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_CommaWithHeader_TakesTargetByNameAndOtherColumnsAsFeatures()
    {
        var path = Write("data.csv", "a,y,b\n1,3,2\n4,6,5\n");

        var dataset = CsvReader.Read(path, "y");

        Assert.Equal("data", dataset.Name);
        Assert.Equal([2], dataset.RowShape);
        Assert.Equal([1f, 2f, 4f, 5f], dataset.Features);
        Assert.Equal([3f, 6f], dataset.Targets!);
        Assert.Null(dataset.Labels);
    }

    [Fact]
    public void Read_NoHeader_TakesTargetByZeroBasedIndex()
    {
        var path = Write("plain.csv", "1,10,2\n3,30,4\n");

        var byText = CsvReader.Read(path, "1");
        var byIndex = CsvReader.Read(path, 1);

        Assert.Equal([1f, 2f, 3f, 4f], byText.Features);
        Assert.Equal([10f, 30f], byText.Targets!);
        Assert.Equal(byText.Features, byIndex.Features);
        Assert.Equal(byText.Targets!, byIndex.Targets!);
    }

    [Fact]
    public void Read_Semicolons_AreDetected()
    {
        var path = Write("semi.csv", "a;b;y\n1.5;2;3\n-4e1;5;6\n");

        var dataset = CsvReader.Read(path, "y");

        Assert.Equal([1.5f, 2f, -40f, 5f], dataset.Features);
        Assert.Equal([3f, 6f], dataset.Targets!);
    }

    [Fact]
    public void Read_SpacesAndTabsOfAnyWidth_AreOneSeparator()
    {
        // Like diabetes_data_raw: numbers separated by single spaces, here with ragged padding and a tab.
        var path = Write("spaces.txt", "  1 2   3\n4\t5 6  \n\n");

        var dataset = CsvReader.Read(path, 2);

        Assert.Equal([1f, 2f, 4f, 5f], dataset.Features);
        Assert.Equal([3f, 6f], dataset.Targets!);
    }

    [Fact]
    public void Read_Gzip_IsDetectedByMagicBytes()
    {
        var path = _dir.File("packed.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("x,y\n1,2\n3,4\n"));
        }

        var dataset = CsvReader.Read(path, "y");

        Assert.Equal("packed", dataset.Name);
        Assert.Equal([1f, 3f], dataset.Features);
        Assert.Equal([2f, 4f], dataset.Targets!);
    }

    [Fact]
    public void Read_SkippedMetadataLineAndQuotedHeader_LikeBoston()
    {
        var path = Write("boston.csv", "3,2,,\n\"CRIM\",\"ZN\",\"MEDV\"\n0.1,18,24\n0.2,0,21.6\n0.3,0,34.7\n");

        var dataset = CsvReader.Read(path, "MEDV", new CsvOptions { SkipLines = 1 });

        Assert.Equal(3, dataset.Count);
        Assert.Equal([0.1f, 18f, 0.2f, 0f, 0.3f, 0f], dataset.Features);
        Assert.Equal([24f, 21.6f, 34.7f], dataset.Targets!);
    }

    [Fact]
    public void Read_TextColumn_IsLeftOutOfTheFeatures()
    {
        var path = Write("named.csv", "id,x,y\n\"Smith, J\",1,2\nbar,3,4\n");

        var dataset = CsvReader.Read(path, "y");

        Assert.Equal([1], dataset.RowShape);
        Assert.Equal([1f, 3f], dataset.Features);
    }

    [Fact]
    public void Read_BadValue_NamesFileLineAndColumn()
    {
        var path = Write("bad.csv", "a,b,y\n1,2,3\n4,x5,6\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, "y"));

        Assert.Equal("bad.csv: line 3, column 2 (b): 'x5' is not a finite number", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Read_MissingTargetWithoutHeader_NamesLineAndPositionalColumn()
    {
        var path = Write("bad.csv", "1,2\n3,NaN\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, 1));

        Assert.Equal("bad.csv: line 2, column 2 (column2): missing value ('NaN')", e.Message);
    }

    [Fact]
    public void Read_RaggedRow_NamesTheLine()
    {
        var path = Write("ragged.csv", "a,b,y\n1,2,3\n4,5\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, "y"));

        Assert.Equal("ragged.csv: line 3: 2 fields, but the header has 3", e.Message);
    }

    [Fact]
    public void Read_MissingTargetColumn_ListsTheColumns()
    {
        var path = Write("data.csv", "a,b\n1,2\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, "MEDV"));

        Assert.Equal("data.csv: target column 'MEDV' not found; the columns are a, b", e.Message);
    }

    [Fact]
    public void Read_TargetIndexOutOfRange_Throws()
    {
        var path = Write("data.csv", "1,2\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, 2));

        Assert.Contains("index 2 is outside the file's 2 columns", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty.csv: file has no rows")]
    [InlineData("\n  \n", "empty.csv: file has no rows")]
    [InlineData("a,b\n", "empty.csv: file has a header but no data rows")]
    public void Read_NoDataRows_Throws(string content, string message)
    {
        var path = Write("empty.csv", content);

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, 0));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_Throws()
    {
        var path = Write("quote.csv", "a,\"b\n1,2\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.Read(path, 0));

        Assert.Equal("quote.csv: line 1, column 2: a quoted field is not closed, or has text after its closing quote",
            e.Message);
    }

    [Fact]
    public void ReadClassification_IntegerLabels_GiveLabelsWithoutNames()
    {
        var path = Write("labels.csv", "x,label\n0.5,2\n1.5,0\n");

        var dataset = CsvReader.ReadClassification(path, "label");

        Assert.Equal([2, 0], dataset.Labels!);
        Assert.Null(dataset.Targets);
        Assert.Equal(3, dataset.ClassCount);
        Assert.Equal([0.5f, 1.5f], dataset.Features);
    }

    [Fact]
    public void ReadClassification_TextLabels_AreNumberedInOrdinalOrder()
    {
        var path = Write("iris.csv", "w,species\n1,virginica\n2,setosa\n3,virginica\n");

        var dataset = CsvReader.ReadClassification(path, 1);

        Assert.Equal(["setosa", "virginica"], dataset.ClassNames!);
        Assert.Equal([1, 0, 1], dataset.Labels!);
    }

    [Fact]
    public void ReadClassification_FractionalLabel_Throws()
    {
        var path = Write("labels.csv", "x,label\n0.5,2\n1.5,0.5\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvReader.ReadClassification(path, "label"));

        Assert.Equal("labels.csv: line 3, column 2 (label): label 0.5 is not a non-negative integer", e.Message);
    }

    [Fact]
    public void ReadMatrix_TargetFileOneValueALine_GivesOneColumn()
    {
        var path = Write("targets.csv", "1.510000000000000000e+02\n7.500000000000000000e+01\n");

        var matrix = CsvReader.ReadMatrix(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(1, matrix.Columns);
        Assert.Equal([151f, 75f], matrix.Values);
        Assert.Equal(["column1"], matrix.ColumnNames);
    }

    private string Write(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }
}
