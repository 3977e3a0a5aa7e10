using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_Float32Matrix_GivesValuesAndShape()
    {
        var path = Write("m.npy", NpyFiles.Build("<f4", [2, 3], NpyFiles.Float32(1, 2, 3, 4, 5, -6.5f)));

        var array = NpyReader.Read(path);

        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, -6.5f], array.Values);
    }

    [Fact]
    public void Read_EachSupportedDType_ConvertsToFloat()
    {
        var f8 = NpyReader.Read(Write("f8.npy", NpyFiles.Build("<f8", [2], NpyFiles.Float64(0.25, -1e10))));
        var i4 = NpyReader.Read(Write("i4.npy", NpyFiles.Build("<i4", [3], NpyFiles.Int32(-7, 0, int.MaxValue))));
        var i8 = NpyReader.Read(Write("i8.npy", NpyFiles.Build("<i8", [2], NpyFiles.Int64(-3, 1L << 40))));
        var u1 = NpyReader.Read(Write("u1.npy", NpyFiles.Build("|u1", [1, 3], [0, 128, 255])));

        Assert.Equal([0.25f, -1e10f], f8.Values);
        Assert.Equal([-7f, 0f, int.MaxValue], i4.Values);
        Assert.Equal([-3f, 1L << 40], i8.Values);
        Assert.Equal([0f, 128f, 255f], u1.Values);
        Assert.Equal([1, 3], u1.Shape);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_Versions2And3_ReadFourByteHeaderLength(byte major)
    {
        var path = Write("v.npy", NpyFiles.Build("<f4", [2], NpyFiles.Float32(7, 8), major: major));

        var array = NpyReader.Read(path);

        Assert.Equal([7f, 8f], array.Values);
    }

    [Fact]
    public void Read_ScalarAndEmptyArrays_HaveTheirShapes()
    {
        var scalar = NpyReader.Read(Write("s.npy", NpyFiles.Build("<f8", [], NpyFiles.Float64(3.5))));
        var empty = NpyReader.Read(Write("e.npy", NpyFiles.Build("<f4", [0, 4], [])));

        Assert.Empty(scalar.Shape);
        Assert.Equal([3.5f], scalar.Values);
        Assert.Equal([0, 4], empty.Shape);
        Assert.Empty(empty.Values);
    }

    [Fact]
    public void Read_KeysInAnotherOrder_AreStillFound()
    {
        var path = Write("o.npy", NpyFiles.Build("{'shape': (1, 2), 'fortran_order': False, 'descr': '<f4'}",
            NpyFiles.Float32(1, 2)));

        var array = NpyReader.Read(path);

        Assert.Equal([1, 2], array.Shape);
    }

    [Fact]
    public void Read_FortranOrder_IsRefused()
    {
        var path = Write("f.npy", NpyFiles.Build("<f4", [2, 2], NpyFiles.Float32(1, 2, 3, 4), fortranOrder: true));

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.StartsWith("f.npy: the array is stored in Fortran (column-major) order", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadMagic_Throws()
    {
        var bytes = NpyFiles.Build("<f4", [1], NpyFiles.Float32(1));
        bytes[1] = (byte)'X';
        var path = Write("bad.npy", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Contains("does not start with the magic bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_SaysHowManyBytesAreMissing()
    {
        var path = Write("t.npy", NpyFiles.Build("<f4", [2, 3], NpyFiles.Float32(1, 2, 3, 4, 5)));

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Equal("t.npy: truncated: shape (2, 3) of <f4 needs 24 data bytes but the file has 20", e.Message);
    }

    [Fact]
    public void Read_MoreDataThanTheShape_Throws()
    {
        var path = Write("x.npy", NpyFiles.Build("<f4", [2], NpyFiles.Float32(1, 2, 3)));

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Equal("x.npy: 4 unexpected bytes after the 8 data bytes the header promises", e.Message);
    }

    [Fact]
    public void Read_TruncatedHeader_Throws()
    {
        var bytes = NpyFiles.Build("<f4", [1], NpyFiles.Float32(1));
        var path = Write("h.npy", bytes[..40]);

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Contains("file ends inside the .npy header", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(">f4")]
    [InlineData("<c8")]
    [InlineData("<U3")]
    public void Read_UnsupportedDType_ListsTheSupportedOnes(string descr)
    {
        var path = Write("d.npy", NpyFiles.Build(descr, [1], new byte[8]));

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Equal($"d.npy: dtype '{descr}' is not supported; supported dtypes are <f4, <f8, <i4, <i8, |u1",
            e.Message);
    }

    [Fact]
    public void Read_UnknownVersion_Throws()
    {
        var bytes = NpyFiles.Build("<f4", [1], NpyFiles.Float32(1));
        bytes[6] = 4;
        var path = Write("v4.npy", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Contains("version 4.0 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderWithoutShape_Throws()
    {
        var path = Write("n.npy", NpyFiles.Build("{'descr': '<f4', 'fortran_order': False}", NpyFiles.Float32(1)));

        var e = Assert.Throws<DatasetFormatException>(() => NpyReader.Read(path));

        Assert.Contains("not a dict with 'descr', 'fortran_order' and 'shape'", e.Message, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
