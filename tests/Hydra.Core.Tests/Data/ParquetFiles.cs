using System.Runtime.InteropServices;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Hydra.Core.Tests.Data;

/// <summary>Parquet files made in code with Parquet.Net's writer, one row group per call.</summary>
internal static class ParquetFiles
{
    /// <summary>A column: its field and its values (an array of the field's type, nulls allowed if nullable).</summary>
    public sealed record Column(DataField Field, Array Values);

    public static Column Numbers(string name, params double?[] values) => new(new DataField<double?>(name), values);

    public static Column Integers(string name, params int[] values) => new(new DataField<int>(name), values);

    public static Column Texts(string name, params string?[] values) => new(new DataField<string>(name), values);

    public static void Write(string path, params Column[] columns) =>
        WriteAsync(path, columns, int.MaxValue).GetAwaiter().GetResult();

    /// <summary>A file whose row groups hold <paramref name="groupRows"/> rows each (the last one the rest).</summary>
    public static void WriteGroups(string path, int groupRows, params Column[] columns) =>
        WriteAsync(path, columns, groupRows).GetAwaiter().GetResult();

    /// <summary>A file with a list column "tags" (the list [1, 2] in every row) beside "x" and "label".</summary>
    public static void WriteWithList(string path, double[] x, string label)
    {
        var rows = x.Select(v => new TaggedRow { X = v, Tags = [1, 2], Label = label }).ToList();
        Task.Run(() => ParquetSerializer.SerializeAsync(rows, path)).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(string path, Column[] columns, int groupRows)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        var rows = columns[0].Values.Length;
        for (var start = 0; start < rows; start += groupRows)
        {
            var count = Math.Min(groupRows, rows - start);
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await WriteAsync(group, column.Field, Slice(column.Values, start, count));
            }
        }
    }

    private static Array Slice(Array values, int start, int count)
    {
        if (start == 0 && count == values.Length)
        {
            return values;
        }

        var slice = Array.CreateInstance(values.GetType().GetElementType()!, count);
        Array.Copy(values, start, slice, 0, count);
        return slice;
    }

    private static async Task WriteAsync(ParquetRowGroupWriter group, DataField field, Array values)
    {
        switch (values)
        {
            case double?[] numbers:
                await group.WriteAsync<double>(field, numbers.AsMemory());
                break;
            case int[] integers:
                await group.WriteAsync<int>(field, integers.AsMemory());
                break;
            case byte[][] blobs:
                await group.WriteAsync(field, blobs);
                break;
            default:
                await group.WriteAsync(field, (string?[])values);
                break;
        }
    }

    /// <summary>A column of any value type Parquet.Net writes, and how to write its values.</summary>
    public sealed record TypedColumn(DataField Field, Func<ParquetRowGroupWriter, Task> Write);

    public static TypedColumn Typed<T>(DataField field, params T[] values)
        where T : struct => new(field, group => group.WriteAsync<T>(field, values.AsMemory()));

    /// <summary>Typed columns in one row group.</summary>
    public static void WriteColumns(string path, params TypedColumn[] columns) =>
        Task.Run(async () =>
        {
            var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.Write(group);
            }
        }).GetAwaiter().GetResult();

    /// <summary>
    /// A file (written with ParquetSharp, which takes raw bytes) with a numeric column "x" (1, 2, …) and a UTF-8
    /// string column "name" holding <paramref name="names"/> as they are, valid UTF-8 or not.
    /// </summary>
    public static void WriteRawStrings(string path, params byte[][] names)
    {
        using var noType = LogicalType.None();
        using var x = new PrimitiveNode("x", Repetition.Required, noType, PhysicalType.Double);
        using var stringType = LogicalType.String();
        using var name = new PrimitiveNode("name", Repetition.Required, stringType, PhysicalType.ByteArray);
        using var schema = new GroupNode("schema", Repetition.Required, [x, name]);
        using var properties = WriterProperties.GetDefaultWriterProperties();
        using var file = new ParquetFileWriter(path, schema, properties);
        using var group = file.AppendRowGroup();
        using (var numbers = (ColumnWriter<double>)group.NextColumn())
        {
            numbers.WriteBatch([.. Enumerable.Range(1, names.Length).Select(i => (double)i)]);
        }

        var handles = names.Select(n => GCHandle.Alloc(n, GCHandleType.Pinned)).ToArray();
        try
        {
            using var texts = (ColumnWriter<ByteArray>)group.NextColumn();
            texts.WriteBatch([.. names.Select((n, i) => new ByteArray(handles[i].AddrOfPinnedObject(), n.Length))]);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }

        file.Close();
    }

    /// <summary>A row the serializer writes as x (double), tags (a list of int) and label (string).</summary>
    public sealed class TaggedRow
    {
        public double X { get; set; }

        public List<int> Tags { get; set; } = [];

        public string Label { get; set; } = "";
    }
}
