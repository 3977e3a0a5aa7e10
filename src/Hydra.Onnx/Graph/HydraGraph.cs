using System.Globalization;
using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Builds the whole model: each network's body once, its heads on the body's features, all heads' logits stacked to
/// [N, M, C], then the probability and uncertainty outputs of <see cref="UncertaintyOutputs"/>.
/// </summary>
internal static class HydraGraph
{
    public const int Opset = 17;

    /// <summary>The IR version that goes with opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    /// <exception cref="OnnxExportException">A layer type has no export, or a tensor is missing.</exception>
    public static ModelProto Build(IReadOnlyList<NetworkSource> networks, ModelDescription description,
        bool stackHeads, bool stackMembers = false)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(description);
        EnsureSupported(networks);
        var graph = new GraphBuilder("hydra_" + description.Kind);
        var input = graph.Input(GraphNames.Input, description.Input.Shape);
        var logits = new List<string>();
        var stackedLayer = stackMembers ? StackedMembers.FirstStackableLayer(networks) : null;
        var memberInputs = stackedLayer is { } layer
            ? StackedMembers.Emit(graph, networks, layer, input)
            : [.. networks.Select(_ => input)];
        var start = stackedLayer + 1 ?? 0;
        for (var n = 0; n < networks.Count; n++)
        {
            var network = networks[n];
            var features = Body(graph, network, memberInputs[n], start);
            logits.AddRange(stackHeads && StackedHeads.CanStack(network.Spec.Head, network.Heads)
                ? [StackedHeads.Emit(graph, network, features)]
                : Heads(graph, network, features));
        }

        var stacked = logits.Count == 1 ? logits[0] : graph.Node("Concat", "all_heads", logits,
            [GraphBuilder.Int("axis", 1)]);
        if (description.Task == ModelTask.Regression)
        {
            RegressionOutputs.Emit(graph, stacked, description.Heads, description.TargetScaling
                ?? Core.Data.TargetScaling.Identity);
        }
        else
        {
            UncertaintyOutputs.Emit(graph, stacked, description.Heads, description.Classes.Count);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = MetadataKeys.ProducerName,
            ProducerVersion = description.ExporterVersion,
            Domain = "ai.hydra",
            ModelVersion = 1,
            DocString = description.Task == ModelTask.Regression
                ? $"Hydra {description.Kind} model '{description.ModelId}': {description.Heads} Gaussian heads, "
                    + $"in-graph mean and variances (target units)."
                : $"Hydra {description.Kind} model '{description.ModelId}': {description.Heads} heads, "
                    + $"{description.Classes.Count} classes, in-graph uncertainty (nats).",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata(description))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static IEnumerable<(string Key, string Value)> Metadata(ModelDescription description)
    {
        var compact = new JsonSerializerOptions(HydraJson.Options) { WriteIndented = false };
        yield return (MetadataKeys.ModelId, description.ModelId);
        yield return (MetadataKeys.Kind, description.Kind);
        yield return (MetadataKeys.Task, description.Task.ToString().ToLowerInvariant());
        yield return (MetadataKeys.Heads, description.Heads.ToString(CultureInfo.InvariantCulture));
        yield return (MetadataKeys.Classes, JsonSerializer.Serialize(description.Classes, compact));
        yield return (MetadataKeys.InputShape, JsonSerializer.Serialize(description.Input.Shape, compact));
        yield return (MetadataKeys.Normalization, JsonSerializer.Serialize(description.Input.Normalization, compact));
        if (description.Input.Features is { } features)
        {
            yield return (MetadataKeys.FeatureNormalization, JsonSerializer.Serialize(features, compact));
        }

        if (description.TargetScaling is { } scaling)
        {
            yield return (MetadataKeys.TargetScaling, JsonSerializer.Serialize(scaling, compact));
        }

        yield return (MetadataKeys.SourceSha256, description.SourceSha256);
        yield return (MetadataKeys.ExporterVersion, description.ExporterVersion);
    }

    private static void EnsureSupported(IReadOnlyList<NetworkSource> networks)
    {
        foreach (var (part, layers) in networks.Select(n => n.Spec).Distinct().SelectMany(s => new[] { ("body",
            s.Body), ("head", s.Head) }))
        {
            for (var i = 0; i < layers.Count; i++)
            {
                if (!LayerEmitter.IsSupported(layers[i]))
                {
                    throw LayerEmitter.Unsupported(layers[i], $"{part}[{i}]");
                }
            }
        }
    }

    /// <summary>
    /// Body layers from <paramref name="start"/> on (earlier ones may have been emitted for all members at once).
    /// </summary>
    private static string Body(GraphBuilder graph, NetworkSource network, string input, int start)
    {
        var value = input;
        for (var i = start; i < network.Spec.Body.Count; i++)
        {
            value = LayerEmitter.Emit(graph, network.Spec.Body[i], value, network.Body(i));
        }

        return value;
    }

    /// <summary>One branch per head, each [N, C] made [N, 1, C] for stacking.</summary>
    private static IEnumerable<string> Heads(GraphBuilder graph, NetworkSource network, string features)
    {
        for (var k = 0; k < network.Heads; k++)
        {
            var value = features;
            for (var i = 0; i < network.Spec.Head.Count; i++)
            {
                value = LayerEmitter.Emit(graph, network.Spec.Head[i], value, network.Head(k, i));
            }

            var name = network.Head(k, 0).Name;
            yield return graph.Node("Unsqueeze", name[..name.LastIndexOf('.')] + "/unsqueeze", [value,
                graph.Int64s(name + "/axis", 1)]);
        }
    }
}
