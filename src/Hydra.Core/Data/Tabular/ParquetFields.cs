using ParquetSharp;
using ParquetSharp.Schema;

namespace Hydra.Core.Data.Tabular;

/// <summary>What a Parquet field's cells become in a table.</summary>
internal enum ParquetValues
{
    /// <summary>Numbers (integers, floats, decimals, half floats), read as doubles.</summary>
    Number,

    /// <summary>Booleans, read as 0 and 1 and kept as the text "false" and "true".</summary>
    Boolean,

    /// <summary>UTF-8 strings.</summary>
    Text,

    /// <summary>Nothing a table holds (<see cref="ParquetField.Unsupported"/> says what it is).</summary>
    None,
}

/// <summary>
/// A top-level field of a Parquet file: its name, the leaf column that holds its cells, what they become, and why it
/// cannot be a table column (a list, map, struct, repeated, binary or date/time field), else null.
/// </summary>
internal sealed record ParquetField(string Name, int Leaf, ParquetValues Values, string? Unsupported)
{
    /// <summary>The file's top-level fields in schema order (a nested field spans several leaf columns).</summary>
    public static IReadOnlyList<ParquetField> Of(SchemaDescriptor schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new List<ParquetField>();
        var leaf = 0;
        using var root = schema.GroupNode;
        foreach (var node in root.Fields)
        {
            using (node)
            {
                if (node is GroupNode group)
                {
                    fields.Add(new ParquetField(node.Name, -1, ParquetValues.None, Nested(group)));
                    leaf += Leaves(group);
                    continue;
                }

                var (values, unsupported) = node.Repetition == Repetition.Repeated
                    ? (ParquetValues.None, "a repeated column")
                    : Classify(schema.Column(leaf));
                fields.Add(new ParquetField(node.Name, leaf, values, unsupported));
                leaf++;
            }
        }

        return fields;
    }

    private static string Nested(GroupNode group) =>
        group.LogicalType is ListLogicalType || group.ConvertedType == ConvertedType.List ? "a list column"
        : group.LogicalType is MapLogicalType || group.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue
            ? "a map column"
        : "a struct (nested) column";

    private static int Leaves(GroupNode group)
    {
        var count = 0;
        foreach (var node in group.Fields)
        {
            using (node)
            {
                count += node is GroupNode inner ? Leaves(inner) : 1;
            }
        }

        return count;
    }

    private static (ParquetValues Values, string? Unsupported) Classify(ColumnDescriptor column)
    {
        using var logical = column.LogicalType;
        return (column.PhysicalType, logical) switch
        {
            (_, DecimalLogicalType) => (ParquetValues.Number, null),
            (PhysicalType.Int96, _) or (_, DateLogicalType or TimeLogicalType or TimestampLogicalType) =>
                (ParquetValues.None, "a date or time column (convert it to a number or text)"),
            (PhysicalType.Boolean, _) => (ParquetValues.Boolean, null),
            (PhysicalType.Int32 or PhysicalType.Int64 or PhysicalType.Float or PhysicalType.Double, _) =>
                (ParquetValues.Number, null),
            (PhysicalType.ByteArray, StringLogicalType or EnumLogicalType or JsonLogicalType) =>
                (ParquetValues.Text, null),
            (PhysicalType.FixedLenByteArray, Float16LogicalType) => (ParquetValues.Number, null),
            (PhysicalType.FixedLenByteArray, UuidLogicalType) =>
                (ParquetValues.None, "a column of UUID values (convert it to a number or text)"),
            _ => (ParquetValues.None, "a binary column"),
        };
    }
}
