using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

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
        WriteAsync(path, columns).GetAwaiter().GetResult();

    /// <summary>A file with a list column "tags" (the list [1, 2] in every row) beside "x" and "label".</summary>
    public static void WriteWithList(string path, double[] x, string label)
    {
        var rows = x.Select(v => new TaggedRow { X = v, Tags = [1, 2], Label = label }).ToList();
        Task.Run(() => ParquetSerializer.SerializeAsync(rows, path)).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(string path, Column[] columns)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            switch (column.Values)
            {
                case double?[] numbers:
                    await group.WriteAsync<double>(column.Field, numbers.AsMemory());
                    break;
                case int[] integers:
                    await group.WriteAsync<int>(column.Field, integers.AsMemory());
                    break;
                case byte[][] blobs:
                    await group.WriteAsync(column.Field, blobs);
                    break;
                default:
                    await group.WriteAsync(column.Field, (string?[])column.Values);
                    break;
            }
        }
    }

    /// <summary>A row the serializer writes as x (double), tags (a list of int) and label (string).</summary>
    public sealed class TaggedRow
    {
        public double X { get; set; }

        public List<int> Tags { get; set; } = [];

        public string Label { get; set; } = "";
    }
}
