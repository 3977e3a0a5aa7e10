using Onnx;

namespace Hydra.Onnx.Tests;

/// <summary>
/// The structural checks of onnx.checker that matter here (no Python on this machine): opset and IR version set,
/// unique names, every node input defined before use, every output produced and typed with a shape.
/// </summary>
internal static class GraphStructure
{
    public static IReadOnlyList<string> Problems(byte[] bytes)
    {
        var model = ModelProto.Parser.ParseFrom(bytes);
        var problems = new List<string>();
        if (model.IrVersion < 8)
        {
            problems.Add($"ir_version {model.IrVersion} is unset or too old");
        }

        if (!model.OpsetImport.Any(o => o.Domain.Length == 0 && o.Version >= 17))
        {
            problems.Add("no default-domain opset import ≥ 17");
        }

        var graph = model.Graph;
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(i => i.Name)))
        {
            if (!defined.Add(name))
            {
                problems.Add($"'{name}' is defined twice among inputs and initializers");
            }
        }

        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (!nodeNames.Add(node.Name))
            {
                problems.Add($"node name '{node.Name}' is used twice");
            }

            problems.AddRange(node.Input.Where(i => i.Length > 0 && !defined.Contains(i))
                .Select(i => $"node '{node.Name}' ({node.OpType}) reads '{i}' before anything defines it"));
            problems.AddRange(node.Output.Where(o => !defined.Add(o)).Select(o
                => $"'{o}' is written twice (node '{node.Name}')"));
        }

        foreach (var output in graph.Output)
        {
            if (!defined.Contains(output.Name))
            {
                problems.Add($"graph output '{output.Name}' is produced by no node");
            }

            var tensor = output.Type?.TensorType;
            if (tensor is null || tensor.ElemType == 0 || tensor.Shape is null || tensor.Shape.Dim.Count == 0)
            {
                problems.Add($"graph output '{output.Name}' has no declared tensor type and shape");
            }
            else if (tensor.Shape.Dim[0].DimParam != "batch")
            {
                problems.Add($"graph output '{output.Name}' does not start with the dynamic 'batch' dimension");
            }
        }

        return problems;
    }
}
