using System.IO.Compression;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Tests.Data;

/// <summary>Decompression bombs: small on disk, far larger inflated, stopped at the configured limit.</summary>
public sealed class InflationLimitTests : IDisposable
{
    private const long Limit = 1 << 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DataLimits Limits => new() { MaxInflatedBytes = Limit };

    /// <summary>16 MiB of one byte, gzip-compressed to a few KiB.</summary>
    private static byte[] GzipBomb(byte fill)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = Enumerable.Repeat(fill, 1 << 16).ToArray();
            for (var i = 0; i < 256; i++)
            {
                gzip.Write(block);
            }
        }

        return output.ToArray();
    }

    [Fact]
    public void Load_GzipCsvBomb_StopsAtTheLimit()
    {
        var path = _dir.File("bomb.csv.gz");
        var bomb = GzipBomb((byte)'1');
        File.WriteAllBytes(path, bomb);

        var e = Assert.Throws<DatasetFormatException>(() => DatasetCatalog.Load(path,
            new DataOptions { Limits = Limits, Target = "0" }));

        Assert.True(bomb.Length < 100_000);
        Assert.Equal("bomb.csv.gz: inflates to more than 1 MiB, the limit on decompressed data "
            + "(setting Hydra:Data:Limits:MaxInflatedBytes); a decompression bomb, or a file too large to load",
            e.Message);
    }

    [Fact]
    public void ReadImages_GzipIdxBomb_FailsBeforeInflatingFromItsDeclaredSize()
    {
        var path = _dir.File("bomb-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, GzipBomb(0));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path,
            Limits));

        Assert.Contains("inflates to more than 1 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_GzipWhoseTrailerLies_StillStopsWhileInflating()
    {
        var path = _dir.File("liar-images-idx3-ubyte.gz");
        var bomb = GzipBomb(0);
        bomb.AsSpan(^4).Clear();
        File.WriteAllBytes(path, bomb);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path,
            Limits));

        Assert.Contains("inflates to more than 1 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NpzEntryBomb_NamesTheEntry()
    {
        var path = _dir.File("bomb.npz");
        var header = NpyFiles.Build("<f4", [4 << 20], []);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("x.npy", CompressionLevel.SmallestSize).Open();
            entry.Write(header);
            var zeros = new byte[1 << 16];
            for (var i = 0; i < 256; i++)
            {
                entry.Write(zeros);
            }
        }

        var e = Assert.Throws<DatasetFormatException>(() => NpzReader.Read(path, null,
            Limits));

        Assert.Equal("bomb.npz: entry 'x.npy': inflates to more than 1 MiB, the limit on decompressed data "
            + "(setting Hydra:Data:Limits:MaxInflatedBytes); a decompression bomb, or a file too large to load",
            e.Message);
    }

    [Fact]
    public void Load_GzipCsvUnderTheLimit_Loads()
    {
        var path = _dir.File("small.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write("x,y\n1,2\n2,4\n3,6\n4,8\n5,10\n"u8);
        }

        var bundle = DatasetCatalog.Load(path, new DataOptions
        {
            Limits = Limits,
            Tabular = new DatasetDescription { Target = "y", Task = Models.ModelTask.Regression },
        });

        Assert.Equal(4, bundle.Train.Count);
    }
}
