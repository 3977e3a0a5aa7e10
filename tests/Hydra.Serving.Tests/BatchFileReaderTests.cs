using System.Text;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

public sealed class BatchFileReaderTests
{
    [Fact]
    public void ReadCsv_WithHeaderAndBlankLines_ReturnsRows()
    {
        const string csv = "a,b,c,d\n1,2,3,4\r\n\n5.5,-6,7e1,8\n";

        var rows = BatchFileReader.ReadCsv(csv, 4);

        Assert.Equal(2, rows.Count);
        Assert.Equal([5.5f, -6f, 70f, 8f], rows[1]);
    }

    [Fact]
    public void ReadCsv_RowOfWrongWidth_ThrowsNamingTheRow()
    {
        var error = Assert.Throws<InvalidInputException>(() => BatchFileReader.ReadCsv("1,2,3,4\n1,2,3\n", 4));

        Assert.Equal(1, error.Row);
    }

    [Theory]
    [InlineData("x1,x2,x3\n1,2,3\n4,5,abc\n", "CSV line 3, column 'x3': 'abc' is not a number.", 1, 2)]
    [InlineData("1,2,3\n4, oops ,6\n", "CSV line 2, column 2: 'oops' is not a number.", 1, 1)]
    [InlineData("\nx1,x2,x3\n1,,3\n", "CSV line 3, column 'x2': '' is not a number.", 0, 1)]
    public void ReadCsv_FieldNotANumber_NamesLineColumnAndValue(string csv, string message, int row, int column)
    {
        var error = Assert.Throws<InvalidInputException>(() => BatchFileReader.ReadCsv(csv, 3));

        Assert.Equal(message, error.Message);
        Assert.Equal(row, error.Row);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData("<f4", 4)]
    [InlineData("<f8", 8)]
    public void ReadNpy_FloatArrayOfRowShape_ReturnsRows(string dtype, int size)
    {
        float[] values = [1, 2, 3, 4, 5, 6, 7, 8];
        var bytes = Npy(dtype, "(2, 2, 2)", values.SelectMany(v => size == 4 ? BitConverter.GetBytes(v)
            : BitConverter.GetBytes((double)v)).ToArray());

        var rows = BatchFileReader.ReadNpy(bytes, 4);

        Assert.Equal(2, rows.Count);
        Assert.Equal([5f, 6f, 7f, 8f], rows[1]);
    }

    [Theory]
    [InlineData("<i8", "(2, 4)", 64)]
    [InlineData("<f4", "(2, 3)", 24)]
    [InlineData("<f4", "(2, 4)", 12)]
    public void ReadNpy_UnsupportedOrInconsistent_ThrowsInvalidInput(string dtype, string shape, int dataBytes)
    {
        var bytes = Npy(dtype, shape, new byte[dataBytes]);

        Assert.Throws<InvalidInputException>(() => BatchFileReader.ReadNpy(bytes, 4));
    }

    [Fact]
    public void ReadNpy_NoMagic_ThrowsInvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => BatchFileReader.ReadNpy(Encoding.ASCII.GetBytes("not an npy file"),
            4));
    }

    [Fact]
    public void ReadJson_NestedRows_FlattensEachRow()
    {
        var rows = BatchFileReader.ReadJson("{\"rows\": [[[1, 2], [3, 4]], [5, 6, 7, 8]]}"u8, 4);

        Assert.Equal([1f, 2f, 3f, 4f], rows[0]);
        Assert.Equal([5f, 6f, 7f, 8f], rows[1]);
    }

    private static byte[] Npy(string dtype, string shape, byte[] data)
    {
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        var prefix = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        return [.. prefix, .. BitConverter.GetBytes((ushort)header.Length), .. Encoding.ASCII.GetBytes(header),
            .. data];
    }
}
