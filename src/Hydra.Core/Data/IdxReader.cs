using System.Buffers.Binary;

namespace Hydra.Core.Data;

/// <summary>
/// Reads unsigned-byte IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or plain.
/// Compression is recognised by the gzip magic bytes, not by the file extension.
/// </summary>
public static class IdxReader
{
    private const int ImageDimensions = 3;
    private const int LabelDimensions = 1;
    private const int UnsignedByteType = 0x08;

    /// <summary>b / 255 for every byte value: a table lookup is faster than a division per pixel.</summary>
    internal static readonly float[] ScaledBytes = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    /// <summary>Reads an image file (magic 0x00000803) and scales the pixels by 1/255.</summary>
    public static IdxImages ReadImages(string path, DataLimits? limits = null)
    {
        var (content, dims) = ReadTensor(path, ImageDimensions, "images", limits);
        var data = content.Span;
        var pixels = new float[data.Length];
        var scaled = ScaledBytes;
        for (var i = 0; i < data.Length; i++)
        {
            pixels[i] = scaled[data[i]];
        }

        return new IdxImages(pixels, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a label file (magic 0x00000801).</summary>
    public static int[] ReadLabels(string path, DataLimits? limits = null)
    {
        var (content, _) = ReadTensor(path, LabelDimensions, "labels", limits);
        var data = content.Span;
        var labels = new int[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            labels[i] = data[i];
        }

        return labels;
    }

    /// <summary>
    /// Reads an image file and its label file as one dataset with row shape [1, rows, cols], checking that
    /// the counts agree and, when class names are given, that every label names one of them.
    /// </summary>
    public static Dataset ReadDataset(string name, string imagesPath, string labelsPath,
        IReadOnlyList<string>? classNames = null, DataLimits? limits = null)
    {
        var images = ReadImages(imagesPath, limits);
        var labels = ReadLabels(labelsPath, limits);
        if (labels.Length != images.Count)
        {
            throw new DatasetFormatException(labelsPath,
                $"{labels.Length} labels for the {images.Count} images in {Path.GetFileName(imagesPath)}");
        }

        if (classNames is not null)
        {
            var bad = Array.FindIndex(labels, l => l >= classNames.Count);
            if (bad >= 0)
            {
                throw new DatasetFormatException(labelsPath,
                    $"label {labels[bad]} at index {bad} is out of range for {classNames.Count} classes");
            }
        }

        return new Dataset(name, images.Pixels, [1, images.Rows, images.Cols], labels, classNames: classNames);
    }

    private static (ReadOnlyMemory<byte> Data, int[] Dims) ReadTensor(string path, int expectedDims, string kind,
        DataLimits? limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var content = ReadContent(path, (limits ?? new DataLimits()).MaxInflatedBytes);
        var span = content.Span;
        if (span.Length < 4)
        {
            throw new DatasetFormatException(path, $"file ends inside the IDX magic number ({span.Length} bytes)");
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(span);
        ValidateMagic(path, magic, expectedDims, kind);

        var headerSize = 4 + (4 * expectedDims);
        if (span.Length < headerSize)
        {
            throw new DatasetFormatException(path,
                $"file ends inside the IDX header ({span.Length} bytes, the header needs {headerSize})");
        }

        var dims = new int[expectedDims];
        long expectedBytes = 1;
        for (var i = 0; i < expectedDims; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(span[(4 + (4 * i))..]);
            var allowZero = i == 0;
            if (dims[i] < 0 || (dims[i] == 0 && !allowZero))
            {
                throw new DatasetFormatException(path, $"IDX dimension {i} is {dims[i]}");
            }

            expectedBytes *= dims[i];
        }

        long actualBytes = span.Length - headerSize;
        if (actualBytes < expectedBytes)
        {
            throw new DatasetFormatException(path,
                $"truncated: the header promises {expectedBytes} data bytes ({string.Join('×', dims)}) but the file "
                    + $"has {actualBytes}");
        }

        if (actualBytes > expectedBytes)
        {
            throw new DatasetFormatException(path,
                $"{actualBytes - expectedBytes} unexpected bytes after the {expectedBytes} data bytes the header "
                    + $"promises");
        }

        return (content[headerSize..], dims);
    }

    private static void ValidateMagic(string path, uint magic, int expectedDims, string kind)
    {
        if (magic >> 16 != 0)
        {
            throw new DatasetFormatException(path,
                $"IDX magic 0x{magic:X8} is not an IDX header (the first two bytes must be zero)");
        }

        if (((magic >> 8) & 0xFF) != UnsignedByteType)
        {
            throw new DatasetFormatException(path,
                $"IDX magic 0x{magic:X8} is not an unsigned-byte tensor (expected 0x0000080x)");
        }

        var dims = (int)(magic & 0xFF);
        if (dims != expectedDims)
        {
            throw new DatasetFormatException(path,
                $"IDX magic 0x{magic:X8} has {dims} dimensions (expected 0x0000080{expectedDims}: {expectedDims} for "
                    + $"{kind})");
        }
    }

    private static ReadOnlyMemory<byte> ReadContent(string path, long limit)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length == 0)
        {
            throw new DatasetFormatException(path, "file is empty");
        }

        if (!GzipContent.IsGzip(raw))
        {
            return raw;
        }

        var inflated = GzipContent.Inflate(path, raw, limit);
        if (inflated.Length == 0)
        {
            throw new DatasetFormatException(path, "file is empty after gzip decompression");
        }

        return inflated;
    }
}
