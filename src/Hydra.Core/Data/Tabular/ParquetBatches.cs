using System.Runtime.InteropServices;
using System.Text;
using ParquetSharp;

namespace Hydra.Core.Data.Tabular;

/// <summary>A run of a column chunk's cells as doubles from its <paramref name="offset"/>-th row on: NaN and false
/// in <paramref name="present"/> where a cell is null.</summary>
internal delegate void NumberRun(int offset, ReadOnlySpan<double> values, ReadOnlySpan<bool> present);

/// <summary>One cell of a text column chunk, its <paramref name="offset"/>-th row: the text, or a null cell when
/// <paramref name="present"/> is false.</summary>
internal delegate void TextCell(int offset, ReadOnlySpan<char> text, bool present);

/// <summary>
/// Decodes a Parquet column chunk (one row group's cells of one column) in batches into buffers held here and reused
/// for every chunk of a read, so a read allocates nothing per value: the C++ reader writes the values and definition
/// levels straight into them.
/// </summary>
internal sealed class ParquetBatches
{
    /// <summary>Cells decoded per call.</summary>
    public const int Size = 16_384;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    private readonly short[] _levels = new short[Size];
    private readonly double[] _numbers = new double[Size];
    private readonly bool[] _present = new bool[Size];
    private readonly Dictionary<Type, Array> _raw = [];
    private byte[] _bytes = new byte[256];
    private char[] _chars = new char[256];

    /// <summary>Reads a numeric or boolean chunk (booleans as 0 and 1), batch by batch.</summary>
    public void ReadNumbers(ColumnReader reader, NumberRun run)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(run);
        var column = reader.ColumnDescriptor;
        using var logical = column.LogicalType;
        var (scale, unsigned) = logical switch
        {
            DecimalLogicalType d => (Math.Pow(10, -d.Scale), false),
            IntLogicalType i => (1.0, !i.IsSigned),
            _ => (1.0, false),
        };
        switch (reader)
        {
            case ColumnReader<bool> booleans:
                Read(booleans, column.MaxDefinitionLevel, v => v ? 1 : 0, run);
                break;
            case ColumnReader<int> ints:
                Read(ints, column.MaxDefinitionLevel, unsigned ? v => (uint)v : v => v * scale, run);
                break;
            case ColumnReader<long> longs:
                Read(longs, column.MaxDefinitionLevel, unsigned ? v => (ulong)v : v => v * scale, run);
                break;
            case ColumnReader<float> floats:
                Read(floats, column.MaxDefinitionLevel, v => v, run);
                break;
            case ColumnReader<double> doubles:
                Read(doubles, column.MaxDefinitionLevel, v => v, run);
                break;
            case var _ when logical is DecimalLogicalType:
                ReadLogical<decimal>(reader, v => (double)v, run);
                break;
            default:
                ReadLogical<Half>(reader, v => (double)v, run);
                break;
        }
    }

    /// <summary>Reads a UTF-8 string chunk cell by cell.</summary>
    /// <exception cref="DecoderFallbackException">A cell is not valid UTF-8.</exception>
    public void ReadTexts(ColumnReader<ByteArray> reader, TextCell cell)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(cell);
        var maxLevel = reader.ColumnDescriptor.MaxDefinitionLevel;
        var values = Raw<ByteArray>();
        var offset = 0;
        while (reader.HasNext)
        {
            var levels = (int)reader.ReadBatch(Size, _levels, default, values, out _);
            var v = 0;
            for (var i = 0; i < levels; i++)
            {
                if (maxLevel == 0 || _levels[i] == maxLevel)
                {
                    cell(offset + i, Decode(values[v++]), present: true);
                }
                else
                {
                    cell(offset + i, default, present: false);
                }
            }

            offset += levels;
        }
    }

    private ReadOnlySpan<char> Decode(ByteArray value)
    {
        if (value.Length > _bytes.Length)
        {
            _bytes = new byte[Math.Max(value.Length, 2 * _bytes.Length)];
            _chars = new char[_bytes.Length];
        }

        Marshal.Copy(value.Pointer, _bytes, 0, value.Length);
        var count = StrictUtf8.GetChars(_bytes, 0, value.Length, _chars, 0);
        return _chars.AsSpan(0, count);
    }

    private void Read<T>(ColumnReader<T> reader, short maxLevel, Func<T, double> convert, NumberRun run)
        where T : unmanaged
    {
        var values = Raw<T>();
        var offset = 0;
        while (reader.HasNext)
        {
            var levels = (int)reader.ReadBatch(Size, _levels, default, values, out _);
            var v = 0;
            for (var i = 0; i < levels; i++)
            {
                var present = maxLevel == 0 || _levels[i] == maxLevel;
                _present[i] = present;
                _numbers[i] = present ? convert(values[v++]) : double.NaN;
            }

            run(offset, _numbers.AsSpan(0, levels), _present.AsSpan(0, levels));
            offset += levels;
        }
    }

    /// <summary>Types whose values need ParquetSharp's conversion (decimals in byte arrays, half floats): its logical
    /// reader, nulls as nullable values.</summary>
    private void ReadLogical<T>(ColumnReader reader, Func<T, double> convert, NumberRun run)
        where T : struct
    {
        using var logical = reader.LogicalReader<T?>(Size);
        var values = Raw<T?>();
        var offset = 0;
        while (logical.HasNext)
        {
            var count = logical.ReadBatch(values.AsSpan());
            for (var i = 0; i < count; i++)
            {
                _present[i] = values[i].HasValue;
                _numbers[i] = values[i] is { } value ? convert(value) : double.NaN;
            }

            run(offset, _numbers.AsSpan(0, count), _present.AsSpan(0, count));
            offset += count;
        }
    }

    private T[] Raw<T>()
    {
        if (!_raw.TryGetValue(typeof(T), out var held))
        {
            held = new T[Size];
            _raw[typeof(T)] = held;
        }

        return (T[])held;
    }
}
