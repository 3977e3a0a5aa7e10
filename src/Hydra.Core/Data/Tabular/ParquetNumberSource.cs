using Parquet;
using Parquet.Schema;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a Parquet file's numeric columns a second time, one column chunk at a time (a row group's values of one
/// column), as floats: what a table whose columns did not keep their numbers needs to fill its buffers.
/// </summary>
internal sealed class ParquetNumberSource(string path) : INumberSource
{
    public void Read(IReadOnlyList<CsvColumn> columns, NumberChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(chunk);
        ParquetColumnReader.Guarded(path, async () =>
        {
            await ReadAsync(columns, chunk).ConfigureAwait(false);
            return true;
        });
    }

    private async Task ReadAsync(IReadOnlyList<CsvColumn> columns, NumberChunk chunk)
    {
        await using var reader = await ParquetReader.CreateAsync(path, ParquetColumnReader.Options)
            .ConfigureAwait(false);
        var fields = reader.Schema.Fields;
        var buffers = new Dictionary<Type, Array>();
        var values = Array.Empty<float>();
        var first = 0;
        var garbage = new GarbageBudget(ParquetColumnReader.GarbageBytes);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            values = values.Length >= rows ? values : new float[rows];
            for (var k = 0; k < columns.Count; k++)
            {
                await ReadAsync(group, (DataField)fields[columns[k].Index], rows, buffers, values)
                    .ConfigureAwait(false);
                chunk(k, first, values.AsSpan(0, rows));
                garbage.Check();
            }

            first += rows;
        }
    }

    /// <summary>
    /// The chunk's numbers into <paramref name="values"/>, NaN where missing. A column of text or booleans is read
    /// here only when it held no value at all (else it would be text, not numbers): all NaN.
    /// </summary>
    private static Task ReadAsync(ParquetRowGroupReader group, DataField field, int rows,
        Dictionary<Type, Array> buffers, float[] values) =>
        (Type.GetTypeCode(Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType)) switch
        {
            TypeCode.SByte => ReadAsync<sbyte>(group, field, rows, buffers, values, v => v),
            TypeCode.Byte => ReadAsync<byte>(group, field, rows, buffers, values, v => v),
            TypeCode.Int16 => ReadAsync<short>(group, field, rows, buffers, values, v => v),
            TypeCode.UInt16 => ReadAsync<ushort>(group, field, rows, buffers, values, v => v),
            TypeCode.Int32 => ReadAsync<int>(group, field, rows, buffers, values, v => v),
            TypeCode.UInt32 => ReadAsync<uint>(group, field, rows, buffers, values, v => v),
            TypeCode.Int64 => ReadAsync<long>(group, field, rows, buffers, values, v => v),
            TypeCode.UInt64 => ReadAsync<ulong>(group, field, rows, buffers, values, v => v),
            TypeCode.Single => ReadAsync<float>(group, field, rows, buffers, values, v => v),
            TypeCode.Double => ReadAsync<double>(group, field, rows, buffers, values, v => v),
            TypeCode.Decimal => ReadAsync<decimal>(group, field, rows, buffers, values, v => (double)v),
            _ when field.ClrType == typeof(Half) || field.ClrType == typeof(Half?) =>
                ReadAsync<Half>(group, field, rows, buffers, values, v => (double)v),
            _ => Missing(values, rows),
        };

    private static async Task ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows,
        Dictionary<Type, Array> buffers, float[] values, Func<T, double> convert)
        where T : struct
    {
        var read = await ParquetColumnReader.ReadValuesAsync<T>(group, field, rows, buffers).ConfigureAwait(false);
        var span = read.Span;
        for (var i = 0; i < rows; i++)
        {
            values[i] = span[i] is { } value && convert(value) is var number && !double.IsNaN(number)
                ? (float)number
                : float.NaN;
        }
    }

    private static Task Missing(float[] values, int rows)
    {
        values.AsSpan(0, rows).Fill(float.NaN);
        return Task.CompletedTask;
    }
}
