using Hydra.Core.Data;
using Hydra.Core.Data.Images;

namespace Hydra.Core.Tests.Data.Images;

public sealed class ImageHeaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a.png", 1)]
    [InlineData("a.jpg", 3)]
    public void Read_EncodedImage_GivesItsSizeAndChannels(string name, int channels)
    {
        var path = _dir.File(name);
        if (channels == 1)
        {
            TestImages.GreyPng(path, 37, 21, (x, _) => (byte)x);
        }
        else
        {
            TestImages.Rgb(path, 37, 21, (x, y) => ((byte)x, (byte)y, 9));
        }

        var header = ImageHeader.Read(path, File.ReadAllBytes(path), new DataLimits());

        Assert.Equal((37, 21, channels), (header.Width, header.Height, header.Channels));
    }

    [Fact]
    public void Read_PngHeaderBeyondTheConfiguredLimit_Fails()
    {
        var limits = new DataLimits { MaxImagePixels = 100 };

        var e = Assert.Throws<DatasetFormatException>(() => ImageHeader.Read("x.png", TestImages.PngHeader(11, 10),
            limits));

        Assert.Contains("declares 11 × 10 = 110 pixels, more than the limit of 100", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PngCutInsideItsHeader_SaysTheHeaderIsMissing()
    {
        var e = Assert.Throws<DatasetFormatException>(() => ImageHeader.Read("x.png",
            TestImages.PngHeader(4, 4).AsSpan(0, 20), new DataLimits()));

        Assert.Equal("x.png: a PNG whose header (the IHDR chunk) is missing or cut short", e.Message);
    }

    [Fact]
    public void Read_JpegWithoutFrameHeader_Fails()
    {
        var e = Assert.Throws<DatasetFormatException>(() => ImageHeader.Read("x.jpg", [0xFF, 0xD8, 0xFF, 0xD9],
            new DataLimits()));

        Assert.Equal("x.jpg: a JPEG whose frame header (image size) is missing or malformed", e.Message);
    }
}
