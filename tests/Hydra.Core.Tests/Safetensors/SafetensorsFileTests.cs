using System.Buffers.Binary;
using System.Text;
using Hydra.Core.Safetensors;

namespace Hydra.Core.Tests.Safetensors;

public sealed class SafetensorsFileTests
{
    private const string TwoByTwoJson = """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""";

    [Fact]
    public void Write_TwoByTwoF32_MatchesTheSpecByteForByte()
    {
        using var stream = new MemoryStream();

        SafetensorsFile.Write(stream, [SafeTensor.FromFloats("w", [2, 2], [1f, 2f, 3f, 4f])]);

        var bytes = stream.ToArray();
        // 57 bytes of JSON, padded with 7 spaces to 64.
        Assert.Equal(57, TwoByTwoJson.Length);
        Assert.Equal([64, 0, 0, 0, 0, 0, 0, 0], bytes[..8]);
        Assert.Equal(TwoByTwoJson + "       ", Encoding.UTF8.GetString(bytes, 8, 64));
        byte[] data = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40];
        Assert.Equal(data, bytes[72..]);
    }

    [Fact]
    public void Write_WithMetadata_PutsMetadataFirstWithoutPaddingWhenAligned()
    {
        using var stream = new MemoryStream();

        SafetensorsFile.Write(stream, [SafeTensor.FromFloats("w", [2, 2], [1f, 2f, 3f, 4f])],
            new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = stream.ToArray();
        const string json = """
            {"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}
            """;
        Assert.Equal(88, json.Length);
        Assert.Equal(88ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(json, Encoding.UTF8.GetString(bytes, 8, 88));
        Assert.Equal(8 + 88 + 16, bytes.Length);
    }

    [Fact]
    public void Write_TensorsInAnyOrder_GivesSameBytesSortedByName()
    {
        var a = SafeTensor.FromFloats("a", [1], [1f]);
        var b = SafeTensor.FromFloats("b", [2], [2f, 3f]);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        SafetensorsFile.Write(first, [b, a]);
        SafetensorsFile.Write(second, [a, b]);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(["a", "b"], SafetensorsFile.Read(new MemoryStream(first.ToArray())).Tensors.Keys);
    }

    [Fact]
    public void Read_HandBuiltFile_GivesTensorsAndMetadata()
    {
        // Two tensors given out of name order in the header; the reader keeps header order.
        const string json = """
            {"z":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},"__metadata__":{"k":"v"},"a":{"dtype":"F32",
            "shape":[],"data_offsets":[0,4]}}
            """;
        var file = Build(json, [0, 0, 0x20, 0x41, 7, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);

        var content = SafetensorsFile.Read(new MemoryStream(file));

        Assert.Equal(["z", "a"], content.Tensors.Keys);
        Assert.Equal("v", content.Metadata["k"]);
        Assert.Equal([10f], content.Tensors["a"].ToFloats());
        Assert.Empty(content.Tensors["a"].Shape);
        var z = content.Tensors["z"];
        Assert.Equal("I32", z.DType);
        Assert.Equal([2L], z.Shape);
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(z.Data));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(z.Data.AsSpan(4)));
        Assert.Throws<NotSupportedException>(() => z.ToFloats());
    }

    [Fact]
    public async Task WriteAsync_ThenRead_RoundTripsEveryDType()
    {
        var dir = Directory.CreateTempSubdirectory("hydra-st-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.safetensors");
            SafeTensor[] tensors =
            [
                SafeTensor.FromFloats("layer.weight", [2, 3], [0.5f, -1f, 2f, 1e-7f, float.MaxValue, -0f]),
                new("bytes", "U8", [3], [1, 2, 255]),
                new("flags", "BOOL", [2], [0, 1]),
                new("empty", "F64", [0, 4], []),
                new("long", "I64", [1], BitConverter.GetBytes(-5L)),
            ];
            File.WriteAllText(path, "old content is replaced");

            await SafetensorsFile.WriteAsync(path, tensors, new Dictionary<string, string> { ["epoch"] = "3" });
            var content = await SafetensorsFile.ReadAsync(path);

            Assert.Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal), content.Tensors.Keys);
            foreach (var t in tensors)
            {
                Assert.Equal(t.DType, content.Tensors[t.Name].DType);
                Assert.Equal(t.Shape, content.Tensors[t.Name].Shape);
                Assert.Equal(t.Data, content.Tensors[t.Name].Data);
            }

            Assert.Equal([0.5f, -1f, 2f, 1e-7f, float.MaxValue, -0f], content.Tensors["layer.weight"].ToFloats());
            Assert.Equal("3", content.Metadata["epoch"]);
            Assert.Equal(["model.safetensors"], dir.GetFiles().Select(f => f.Name));
            Assert.Equal(SafetensorsFile.Read(path).Tensors.Keys, content.Tensors.Keys);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ToFloats_HalfPrecisionAndDouble_ConvertToFloat()
    {
        var f16 = new SafeTensor("h", "F16", [2], [0x00, 0x3C, 0x00, 0xC0]);
        var bf16 = new SafeTensor("b", "BF16", [2], [0x80, 0x3F, 0x40, 0xC0]);
        var f64 = new SafeTensor("d", "F64", [1], BitConverter.GetBytes(0.25));

        Assert.Equal([1f, -2f], f16.ToFloats());
        Assert.Equal([1f, -3f], bf16.ToFloats());
        Assert.Equal([0.25f], f64.ToFloats());
    }

    [Fact]
    public void Write_DataSizeNotMatchingShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(new MemoryStream(), [new SafeTensor("x", "F32",
            [2], new byte[4])]));
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(new MemoryStream(), [new SafeTensor("x", "Q4",
            [1], new byte[1])]));
        Assert.Throws<ArgumentException>(() => SafeTensor.FromFloats("x", [3], [1f, 2f]));
    }

    [Fact]
    public void Read_HeaderLongerThanFile_Throws()
    {
        var file = Build(TwoByTwoJson, new byte[16]);
        BinaryPrimitives.WriteUInt64LittleEndian(file, 10_000);

        var e = Read(file);

        Assert.Contains("Header length 10000 is larger", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidJson_Throws()
    {
        var e = Read(Build("""{"w":{"dtype":"F32",""", []));

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownDType_Throws()
    {
        var e = Read(Build("""{"w":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}}""", [0]));

        Assert.Contains("unknown dtype 'F8'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShapeDisagreesWithByteCount_Throws()
    {
        var e = Read(Build("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}""", new byte[12]));

        Assert.Contains("needs 16 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingTensors_Throws()
    {
        var e = Read(Build("""
            {"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}
            """, new byte[6]));

        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GapBetweenTensors_Throws()
    {
        var e = Read(Build("""
            {"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}}
            """, new byte[6]));

        Assert.Contains("Gap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BytesAfterLastTensor_Throws()
    {
        var e = Read(Build("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", new byte[5]));

        Assert.Contains("3 bytes after the last tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_Throws()
    {
        using var stream = new MemoryStream();
        SafetensorsFile.Write(stream, [SafeTensor.FromFloats("w", [2, 2], [1f, 2f, 3f, 4f])]);

        var e = Read(stream.ToArray()[..^3]);

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OffsetsOutOfRange_Throws()
    {
        var e = Read(Build("""
            {"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[8],"data_offsets":[2,10]}}
            """, new byte[4]));

        Assert.Contains("run past the 4-byte data buffer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileShorterThanLengthPrefix_Throws()
    {
        var e = Read([1, 0, 0]);

        Assert.Contains("8-byte header length", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1,2]""", "not an object")]
    [InlineData("""{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}""", "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0]}}""", "expected 2")]
    [InlineData("""{"__metadata__":{"k":1}}""", "not a string")]
    public void Read_MalformedHeader_SaysWhatIsWrong(string json, string problem)
    {
        var e = Read(Build(json, []));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    private static SafetensorsFormatException Read(byte[] file) =>
        Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(file)));

    /// <summary>Length prefix, header padded with spaces to a multiple of 8, then the data.</summary>
    private static byte[] Build(string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var padded = (header.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file, 8);
        file.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }
}
