using Hydra.Core.Teachers;
using Onnx;

namespace Hydra.Onnx.Teachers;

/// <summary>
/// What a user-supplied ONNX graph must be before ONNX Runtime sees it: operators from the default domains only (no
/// custom-op library can be asked for), weights inside the file, exactly one float input whose row dimensions are
/// fixed. Also reads the graph's size and its input.
/// </summary>
internal static class TeacherGraph
{
    /// <summary>The operator domains ONNX Runtime implements without a custom-op library.</summary>
    public static readonly IReadOnlySet<string> DefaultDomains = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "ai.onnx", "ai.onnx.ml",
    };

    /// <exception cref="TeacherException">The graph breaks a rule; the message names the teacher.</exception>
    public static void Check(ModelProto model, string name)
    {
        var custom = model.OpsetImport.Select(o => o.Domain).Where(d => !DefaultDomains.Contains(d)).ToList();
        var nodeDomains = Nodes(model.Graph).Select(n => n.Domain).Where(d => !DefaultDomains.Contains(d));
        custom.AddRange(nodeDomains.Except(custom));
        if (custom.Count > 0)
        {
            throw new TeacherException(name, $"it uses the operator domain(s) {string.Join(", ", custom.Select(d
                => $"'{d}'"))}; teachers may use the default ONNX domains only (ai.onnx, ai.onnx.ml).");
        }

        if (model.Graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            throw new TeacherException(name, "it keeps weights in external data files; save the teacher as one "
                + "self-contained .onnx file.");
        }

        var inputs = Inputs(model);
        if (inputs.Count != 1)
        {
            throw new TeacherException(name, $"it has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i
                => i.Name))}); a teacher takes exactly one, the dataset's rows.");
        }

        if (inputs[0].Type?.TensorType?.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new TeacherException(name, $"its input '{inputs[0].Name}' is not float32.");
        }
    }

    /// <summary>The graph inputs that are not initializers (older exports list weights as inputs too).</summary>
    public static IReadOnlyList<ValueInfoProto> Inputs(ModelProto model)
    {
        var weights = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return [.. model.Graph.Input.Where(i => !weights.Contains(i.Name))];
    }

    /// <summary>The number of weights: the elements of every initializer.</summary>
    public static long Parameters(ModelProto model) =>
        model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));

    /// <summary>Every node, including those of subgraphs (If, Loop, Scan bodies).</summary>
    private static IEnumerable<NodeProto> Nodes(GraphProto? graph)
    {
        if (graph is null)
        {
            yield break;
        }

        foreach (var node in graph.Node)
        {
            yield return node;
            foreach (var attribute in node.Attribute)
            {
                foreach (var inner in Nodes(attribute.G).Concat(attribute.Graphs.SelectMany(Nodes)))
                {
                    yield return inner;
                }
            }
        }
    }
}
