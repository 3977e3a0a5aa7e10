using Hydra.Core.Data;
using Hydra.Core.Data.Images;

namespace Hydra.Core.Tests.Data.Images;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Decode_GreyPng_GivesEachByteOver255InRowMajorOrder()
    {
        var path = _dir.File("g.png");
        TestImages.GreyPng(path, 3, 2, (x, y) => (byte)((40 * y) + (7 * x)));
        var row = new float[6];

        var conversion = ImageDecoder.Decode(path, new ImageShape(1, 2, 3), new DataLimits(), row);

        Assert.Equal(new[] { 0f, 7, 14, 40, 47, 54 }.Select(v => v / 255f), row);
        Assert.Equal(new ImageDecoder.Conversion(false, false), conversion);
    }

    [Fact]
    public void Decode_RgbPngToThreeChannels_LaysOutPlanesRedGreenBlue()
    {
        var path = _dir.File("c.png");
        TestImages.Rgb(path, 2, 1, (x, _) => x == 0 ? ((byte)255, (byte)10, (byte)0) : ((byte)1, (byte)2, (byte)3));
        var row = new float[6];

        ImageDecoder.Decode(path, new ImageShape(3, 1, 2), new DataLimits(), row);

        Assert.Equal(new[] { 255f, 1, 10, 2, 0, 3 }.Select(v => v / 255f), row);
    }

    [Fact]
    public void Decode_RgbPngToGrey_UsesRec601Luma()
    {
        var path = _dir.File("c.png");
        TestImages.Rgb(path, 1, 1, (_, _) => (200, 100, 50));
        var row = new float[1];

        var conversion = ImageDecoder.Decode(path, new ImageShape(1, 1, 1), new DataLimits(), row);

        // 0.299 · 200 + 0.587 · 100 + 0.114 · 50 = 124.2
        Assert.Equal(124.2f / 255f, row[0], 1e-6f);
        Assert.True(conversion.ChannelsChanged);
    }

    [Fact]
    public void Decode_ConstantImageResized_StaysConstant()
    {
        var path = _dir.File("flat.png");
        TestImages.Flat(path, 8, 90);
        var row = new float[9];

        var conversion = ImageDecoder.Decode(path, new ImageShape(1, 3, 3), new DataLimits(), row);

        Assert.All(row, v => Assert.Equal(90 / 255f, v, 1e-6f));
        Assert.True(conversion.Resized);
    }

    [Fact]
    public void Decode_Jpeg_ReadsItsSizeAndRoughlyItsColour()
    {
        var path = _dir.File("p.jpg");
        TestImages.Rgb(path, 16, 8, (_, _) => (30, 160, 90));
        var row = new float[3 * 8 * 16];

        ImageDecoder.Decode(path, new ImageShape(3, 8, 16), new DataLimits(), row);

        // JPEG is lossy: every value within a few levels of the colour written.
        Assert.All(row[..128], v => Assert.Equal(30 / 255f, v, 4 / 255f));
        Assert.All(row[128..256], v => Assert.Equal(160 / 255f, v, 4 / 255f));
    }

    [Fact]
    public void Decode_TruncatedPng_FailsNamingTheFile()
    {
        var path = _dir.File("cut.png");
        TestImages.GreyPng(path, 64, 64, (x, y) => (byte)((x * y) % 251));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<DatasetFormatException>(() => ImageDecoder.Decode(path, new ImageShape(1, 64, 64),
            new DataLimits(), new float[64 * 64]));

        Assert.StartsWith("cut.png: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GarbageAfterAPngSignature_FailsAsCorrupt()
    {
        var path = _dir.File("junk.png");
        File.WriteAllBytes(path, [.. TestImages.PngHeader(4, 4), .. Enumerable.Repeat((byte)0xAB, 200)]);

        var e = Assert.Throws<DatasetFormatException>(() => ImageDecoder.Decode(path, new ImageShape(1, 4, 4),
            new DataLimits(), new float[16]));

        Assert.StartsWith("junk.png: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HugePngHeader_FailsBeforeDecodingNamingTheDeclaredSize()
    {
        var path = _dir.File("bomb.png");
        File.WriteAllBytes(path, TestImages.PngHeader(100_000, 100_000));

        var e = Assert.Throws<DatasetFormatException>(() => ImageDecoder.Decode(path, new ImageShape(1, 28, 28),
            new DataLimits(), new float[784]));

        Assert.Equal("bomb.png: the PNG header declares 100,000 × 100,000 = 10,000,000,000 pixels, more than the "
            + "limit of 67,108,864 (setting Hydra:Data:Limits:MaxImagePixels); refused before decoding", e.Message);
    }

    [Fact]
    public void Decode_FileOverTheByteLimit_FailsBeforeReadingIt()
    {
        var path = _dir.File("big.png");
        TestImages.Flat(path, 64, 3);
        var limits = new DataLimits { MaxImageBytes = 10 };

        var e = Assert.Throws<DatasetFormatException>(() => ImageDecoder.Decode(path, new ImageShape(1, 64, 64),
            limits, new float[4096]));

        Assert.Contains("more than the limit of 10 bytes (setting Hydra:Data:Limits:MaxImageBytes)", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotAnImage_SaysSo()
    {
        var path = _dir.File("notes.png");
        File.WriteAllText(path, "hello");

        var e = Assert.Throws<DatasetFormatException>(() => ImageDecoder.Decode(path, new ImageShape(1, 1, 1),
            new DataLimits(), new float[1]));

        Assert.Equal("notes.png: not a PNG or JPEG image (its first bytes are neither signature)", e.Message);
    }
}
