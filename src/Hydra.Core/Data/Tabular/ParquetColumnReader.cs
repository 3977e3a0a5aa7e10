using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a Parquet file (Parquet.Net, fully managed) into the same columns a CSV becomes: numbers as floats (a null or
/// NaN is a missing cell), strings and booleans as text values, row group by row group. A column of a type a table
/// cannot hold (a list, struct or map; binary; a date or time) is kept as an unsupported column without values: an
/// error naming it if it is used, and nothing if it is left out.
/// </summary>
internal static class ParquetColumnReader
{
    public static bool IsParquet(string path) =>
        Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase)
        || Path.GetExtension(path).Equals(".pq", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="DatasetNotFoundException">No such file.</exception>
    /// <exception cref="DatasetFormatException">Not a Parquet file, or no rows.</exception>
    /// <param name="keepNumbers">Which columns (by the schema's names and index) hold their numbers; all when null,
    /// and the others are read again by the table's <see cref="CsvColumns.Numbers"/>.</param>
    public static CsvColumns Read(string path, Func<IReadOnlyList<string>, int, bool>? keepNumbers = null)
    {
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }

        var table = Guarded(path, () => ReadAsync(path, keepNumbers));
        return keepNumbers is null ? table : table.WithNumbers(new ParquetNumberSource(path));
    }

    /// <summary>Runs a read, turning what Parquet.Net throws on a bad file into a <see cref="DatasetFormatException"/>.
    /// </summary>
    public static T Guarded<T>(string path, Func<Task<T>> read)
    {
        try
        {
            return read().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ParquetException or IOException or InvalidDataException
            or NotSupportedException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new DatasetFormatException(path, $"not a readable Parquet file: {e.Message}", e);
        }
    }

    /// <summary>Parquet.Net pools its page streams without bound unless told: let the collector reclaim what a read
    /// leaves.</summary>
    public static ParquetOptions Options => new()
    {
        TreatByteArrayAsString = false,
        MaximumSmallPoolFreeBytes = 1 << 20,
        MaximumLargePoolFreeBytes = 1 << 20,
    };

    /// <summary>What a Parquet read may leave as garbage before it collects (<see cref="GarbageBudget"/>).</summary>
    public const long GarbageBytes = 32L << 20;

    private static async Task<CsvColumns> ReadAsync(string path, Func<IReadOnlyList<string>, int, bool>? keepNumbers)
    {
        await using var reader = await ParquetReader.CreateAsync(path, Options).ConfigureAwait(false);
        var total = reader.Metadata?.NumRows ?? 0;
        if (total == 0)
        {
            throw new DatasetFormatException(path, "file has no rows");
        }

        if (total > Array.MaxLength)
        {
            throw new DatasetFormatException(path, string.Create(CultureInfo.InvariantCulture,
                $"{total} rows are more than one table holds"));
        }

        var fields = reader.Schema.Fields;
        var names = fields.Select(f => f.Name).ToArray();
        var columns = fields.Select((f, i) => new CsvColumn(i, f.Name)
        {
            Unsupported = Unsupported(f),
            KeepsNumbers = keepNumbers?.Invoke(names, i) ?? true,
        }).ToList();
        var buffers = new Dictionary<Type, Array>();
        var garbage = new GarbageBudget(GarbageBytes);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            for (var c = 0; c < fields.Count; c++)
            {
                if (columns[c].Unsupported is null)
                {
                    await ReadColumnAsync(group, (DataField)fields[c], columns[c], rows, buffers)
                        .ConfigureAwait(false);
                    garbage.Check();
                }
            }
        }

        return new CsvColumns(path, [.. fields.Select(f => f.Name)], columns, new RowNumbers((int)total))
        {
            LineWord = "row",
        };
    }

    /// <summary>Why a top-level field cannot be a table column, or null when it can.</summary>
    private static string? Unsupported(Field field) => field switch
    {
        ListField => "a list column",
        MapField => "a map column",
        StructField => "a struct (nested) column",
        DataField { IsArray: true } => "a repeated column",
        DataField data when data.MaxRepetitionLevel > 0 => "a repeated column",
        DataField data => Type.GetTypeCode(Nullable.GetUnderlyingType(data.ClrType) ?? data.ClrType) switch
        {
            TypeCode.Boolean or TypeCode.String or TypeCode.SByte or TypeCode.Byte or TypeCode.Int16
                or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
                or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => null,
            TypeCode.DateTime => "a date or time column (convert it to a number or text)",
            _ => IsText(data) || data.ClrType == typeof(Half) ? null
                : data.ClrType == typeof(byte[]) || data.ClrType == typeof(ReadOnlyMemory<byte>) ? "a binary column"
                : $"a column of {data.ClrType.Name} values (convert it to a number or text)",
        },
        _ => "a nested column",
    };

    /// <summary>Strings: Parquet.Net reads UTF-8 columns as <see cref="ReadOnlyMemory{T}"/> of char.</summary>
    private static bool IsText(DataField field) =>
        field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static Task ReadColumnAsync(ParquetRowGroupReader group, DataField field, CsvColumn column, int rows,
        Dictionary<Type, Array> buffers)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return IsText(field) ? ReadTextAsync(group, field, column, rows, buffers) : Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => ReadAsync<bool>(group, field, column, rows, buffers, null),
            TypeCode.SByte => ReadAsync<sbyte>(group, field, column, rows, buffers, v => v),
            TypeCode.Byte => ReadAsync<byte>(group, field, column, rows, buffers, v => v),
            TypeCode.Int16 => ReadAsync<short>(group, field, column, rows, buffers, v => v),
            TypeCode.UInt16 => ReadAsync<ushort>(group, field, column, rows, buffers, v => v),
            TypeCode.Int32 => ReadAsync<int>(group, field, column, rows, buffers, v => v),
            TypeCode.UInt32 => ReadAsync<uint>(group, field, column, rows, buffers, v => v),
            TypeCode.Int64 => ReadAsync<long>(group, field, column, rows, buffers, v => v),
            TypeCode.UInt64 => ReadAsync<ulong>(group, field, column, rows, buffers, v => v),
            TypeCode.Single => ReadAsync<float>(group, field, column, rows, buffers, v => v),
            TypeCode.Double => ReadAsync<double>(group, field, column, rows, buffers, v => v),
            TypeCode.Decimal => ReadAsync<decimal>(group, field, column, rows, buffers, v => (double)v),
            _ => ReadAsync<Half>(group, field, column, rows, buffers, v => (double)v),
        };
    }

    private static async Task ReadTextAsync(ParquetRowGroupReader group, DataField field, CsvColumn column, int rows,
        Dictionary<Type, Array> buffers)
    {
        var values = Buffer<string?>(buffers, rows);
        await group.ReadAsync(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
        foreach (var value in values.AsSpan(0, rows))
        {
            if (value is null)
            {
                column.AddMissing("");
            }
            else
            {
                column.AddText(value);
            }
        }
    }

    /// <summary>Numbers (<paramref name="convert"/>), or booleans as the text "false" and "true" when it is null.
    /// </summary>
    private static async Task ReadAsync<T>(ParquetRowGroupReader group, DataField field, CsvColumn column, int rows,
        Dictionary<Type, Array> buffers, Func<T, double>? convert)
        where T : struct
    {
        var values = await ReadValuesAsync<T>(group, field, rows, buffers).ConfigureAwait(false);
        foreach (var value in values.Span)
        {
            if (value is not { } present)
            {
                column.AddMissing("");
            }
            else if (convert is null)
            {
                column.AddText(present.ToString()!.ToLowerInvariant());
            }
            else
            {
                Add(column, convert(present));
            }
        }
    }

    /// <summary>A column chunk's values, null where missing, in a buffer reused for every column and row group of the
    /// type (so a read leaves no garbage per column).</summary>
    public static async Task<Memory<T?>> ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows,
        Dictionary<Type, Array> buffers)
        where T : struct
    {
        var values = Buffer<T?>(buffers, rows);
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
        }
        else
        {
            var required = Buffer<T>(buffers, rows);
            await group.ReadAsync<T>(field, required.AsMemory(0, rows), null).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                values[i] = required[i];
            }
        }

        return values.AsMemory(0, rows);
    }

    private static TValue[] Buffer<TValue>(Dictionary<Type, Array> buffers, int rows)
    {
        if (buffers.TryGetValue(typeof(TValue), out var held) && held.Length >= rows)
        {
            return (TValue[])held;
        }

        var buffer = new TValue[rows];
        buffers[typeof(TValue)] = buffer;
        return buffer;
    }

    /// <summary>NaN is a missing cell; an infinity or a value beyond float is text, so the column fails as mixed.
    /// </summary>
    private static void Add(CsvColumn column, double value)
    {
        if (double.IsNaN(value))
        {
            column.AddMissing("NaN");
        }
        else if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
        {
            column.AddText(value.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            column.AddNumber((float)value);
        }
    }
}
