using System.Runtime.InteropServices;
using Google.Protobuf;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Appends nodes and initializers to an ONNX graph in topological order, giving every value a unique name.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public GraphBuilder(string name) => Graph = new GraphProto { Name = name };

    public GraphProto Graph { get; }

    /// <summary>Declares a float32 graph input whose first dimension is the dynamic batch.</summary>
    public string Input(string name, IReadOnlyList<int> rowShape)
    {
        Graph.Input.Add(ValueInfo(name, TensorProto.Types.DataType.Float, [.. rowShape.Select(d => (long)d)]));
        return Reserve(name);
    }

    /// <summary>Declares a graph output of [batch, ...rowShape].</summary>
    public void Output(string name, TensorProto.Types.DataType type, params long[] rowShape) =>
        Graph.Output.Add(ValueInfo(name, type, rowShape));

    /// <summary>A float32 constant stored as an initializer.</summary>
    public string Floats(string hint, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(LittleEndian(values));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int64 constant (shapes and axes) stored as an initializer.</summary>
    public string Int64s(string hint, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>
    /// Adds a node with one output, named after <paramref name="hint"/> (or exactly <paramref name="output"/>).
    /// </summary>
    public string Node(string opType, string hint, IEnumerable<string> inputs,
        IEnumerable<AttributeProto>? attributes = null, string? output = null)
    {
        var name = output is null ? Unique(hint) : Reserve(output);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        if (attributes is not null)
        {
            node.Attribute.AddRange(attributes);
        }

        Graph.Node.Add(node);
        return name;
    }

    /// <summary>Adds a node with <paramref name="outputs"/> outputs, named "{hint}_{i}".</summary>
    public IReadOnlyList<string> Nodes(string opType, string hint, IEnumerable<string> inputs, int outputs,
        IEnumerable<AttributeProto>? attributes = null)
    {
        var names = Enumerable.Range(0, outputs).Select(i => Unique($"{hint}_{i}")).ToList();
        var node = new NodeProto { OpType = opType, Name = names[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(names);
        if (attributes is not null)
        {
            node.Attribute.AddRange(attributes);
        }

        Graph.Node.Add(node);
        return names;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] rowShape)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = GraphNames.BatchDimension });
        foreach (var dim in rowShape)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    private static byte[] LittleEndian(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    private string Reserve(string name) =>
        _names.Add(name) ? name : throw new InvalidOperationException($"Graph value '{name}' is defined twice.");

    private string Unique(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }
}
