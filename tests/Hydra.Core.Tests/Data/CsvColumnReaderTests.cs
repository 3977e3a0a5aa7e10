using System.IO.Compression;
using System.Text;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Tests.Data;

public sealed class CsvColumnReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_QuotedFieldsWithSeparatorsQuotesAndNewlines_AreOneFieldEach()
    {
        var path = Write("quoted.csv", "name,x\n\"Smith, J\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\nplain,4\n");

        var table = CsvColumnReader.Read(path, new CsvOptions());

        Assert.Equal(4, table.RowCount);
        Assert.Equal(["Smith, J", "say \"hi\"", "two\nlines", "plain"],
            Enumerable.Range(0, 4).Select(table.Columns[0].Text));
        Assert.Equal([1f, 2f, 3f, 4f], Enumerable.Range(0, 4).Select(table.Columns[1].Number));
        // The row after the two-line field starts on line 6.
        Assert.Equal([2, 3, 4, 6], table.Lines);
    }

    [Fact]
    public void Read_TabSeparatedGzip_IsDetected()
    {
        var path = _dir.File("data.tsv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("a\tb c\n1.5\tred\n2\tblue\n"));
        }

        var table = CsvColumnReader.Read(path, new CsvOptions());

        Assert.Equal(["a", "b c"], table.Header!);
        Assert.Equal(ColumnKind.Numeric, table.Columns[0].Kind);
        Assert.Equal(ColumnKind.Categorical, table.Columns[1].Kind);
        Assert.Equal(["red", "blue"], table.Columns[1].Values);
    }

    [Fact]
    public void Read_MissingCells_AreCountedWithTheFirstOne()
    {
        var path = Write("gaps.csv", "a,b\n1,x\n,y\nNA,\n4,z\n");

        var table = CsvColumnReader.Read(path, new CsvOptions());

        Assert.Equal(2, table.Columns[0].MissingCount);
        Assert.Equal((1, ""), table.Columns[0].FirstMissing);
        Assert.True(float.IsNaN(table.Columns[0].Number(2)));
        Assert.Equal(1, table.Columns[1].MissingCount);
        Assert.Equal(-1, table.Columns[1].Code(2));
    }

    [Fact]
    public void Read_ManyDistinctStrings_IsAnIdentifier()
    {
        var rows = Enumerable.Range(0, 12).Select(i => $"p{i},{i % 3},{(i % 2 == 0 ? "a" : "b")}");
        var path = Write("ids.csv", string.Join('\n', ["id,x,group", .. rows]));

        var table = CsvColumnReader.Read(path, new CsvOptions());

        Assert.Equal([ColumnKind.Identifier, ColumnKind.Numeric, ColumnKind.Categorical],
            table.Columns.Select(c => c.Kind));
    }

    [Fact]
    public void Read_BadUtf8_NamesTheLineAndColumn()
    {
        var path = _dir.File("latin1.csv");
        File.WriteAllBytes(path, [.. "city,x\nParis,1\n"u8, (byte)'Z', 0xFC, .. "rich,2\n"u8]);

        var e = Assert.Throws<DatasetFormatException>(() => CsvColumnReader.Read(path, new CsvOptions()));

        Assert.Equal("latin1.csv: line 3, column 1: not valid UTF-8 (byte 0xFC cannot start a character); "
            + "save the file as UTF-8", e.Message);
    }

    [Fact]
    public void Read_DuplicateHeaderName_NamesBothColumns()
    {
        var path = Write("dup.csv", "a,b,a\n1,2,3\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvColumnReader.Read(path, new CsvOptions()));

        Assert.Equal("dup.csv: line 1: the header names 'a' twice (columns 1 and 3); column names must be unique",
            e.Message);
    }

    [Fact]
    public void Read_EmptyHeaderName_IsNamedByPosition()
    {
        var path = Write("pandas.csv", ",x\n0,1.5\n1,2.5\n");

        var table = CsvColumnReader.Read(path, new CsvOptions());

        Assert.Equal(["column1", "x"], table.Header!);
    }

    [Fact]
    public void Read_RaggedRowAfterQuotedNewline_NamesItsPhysicalLine()
    {
        var path = Write("ragged.csv", "a,b\n\"x\ny\",1\n2\n");

        var e = Assert.Throws<DatasetFormatException>(() => CsvColumnReader.Read(path, new CsvOptions()));

        Assert.Equal("ragged.csv: line 4: 1 fields, but the header has 2", e.Message);
    }

    [Fact]
    public void Read_CorruptGzip_SaysSo()
    {
        var path = _dir.File("broken.csv.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 1, 2, 3, 4, 5]);

        var e = Assert.Throws<DatasetFormatException>(() => CsvColumnReader.Read(path, new CsvOptions()));

        Assert.StartsWith("broken.csv.gz: corrupt gzip data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MixedColumn_NamesTheFirstTextCell()
    {
        var path = Write("mixed.csv", "a,y\n1,0\n2,1\nthree,0\n");
        var table = CsvColumnReader.Read(path, new CsvOptions());

        var e = Assert.Throws<DatasetFormatException>(() => table.EnsureNotMixed(table.Columns[0]));

        Assert.Equal(ColumnKind.Mixed, table.Columns[0].Kind);
        Assert.Equal("mixed.csv: line 4, column 1 (a): 'three' is not a finite number", e.Message);
    }

    private string Write(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }
}
