using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hydra.Core.Architecture;

/// <summary>
/// A network as a shared body and a light head, each a list of layers. One spec drives both the TorchSharp
/// trainer and the ONNX exporter, so the two cannot drift apart.
/// </summary>
public sealed record ArchitectureSpec(string Name, int[] InputShape, IReadOnlyList<LayerSpec> Body,
    IReadOnlyList<LayerSpec> Head)
{
    /// <summary>Checks every layer's shape in order and returns the body and head output shapes.</summary>
    /// <exception cref="ArchitectureValidationException">Naming each bad layer and why.</exception>
    public ArchitectureShapes Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: must not be empty");
        }

        if (InputShape is null || InputShape.Length == 0 || InputShape.Any(d => d <= 0))
        {
            errors.Add($"input_shape: [{string.Join(", ", InputShape ?? [])}] "
                + $"must be a non-empty list of positive sizes");
            throw new ArchitectureValidationException(errors);
        }

        if (Body is null || Head is null || Head.Count == 0)
        {
            errors.Add("head: must have at least one layer");
            throw new ArchitectureValidationException(errors);
        }

        var bodyOut = Walk("body", Body, InputShape, errors);
        var headOut = bodyOut is null ? null : Walk("head", Head, bodyOut, errors);
        if (headOut is { Length: not 1 })
        {
            errors.Add($"head: must end in a flat output row but ends in shape [{string.Join(", ", headOut)}]");
        }

        if (errors.Count > 0 || bodyOut is null || headOut is null)
        {
            throw new ArchitectureValidationException(errors);
        }

        return new ArchitectureShapes(bodyOut, headOut[0]);
    }

    /// <summary>Trainable parameters of the body.</summary>
    [JsonIgnore]
    public long BodyParameters => Body.Sum(l => l.ParameterCount());

    /// <summary>Trainable parameters of one head.</summary>
    [JsonIgnore]
    public long HeadParameters => Head.Sum(l => l.ParameterCount());

    /// <summary>Trainable parameters of a network with this body and <paramref name="heads"/> heads.</summary>
    public long Parameters(int heads) => BodyParameters + (heads * HeadParameters);

    /// <summary>Multiply-accumulates per row of the body and of one head.</summary>
    public (long Body, long Head) MultiplyAccumulates()
    {
        var shape = (IReadOnlyList<int>)InputShape;
        long body = 0, head = 0;
        foreach (var layer in Body)
        {
            body += layer.MultiplyAccumulates(shape);
            shape = layer.InferShape(shape).Shape ?? throw new InvalidOperationException("Validate the spec first.");
        }

        foreach (var layer in Head)
        {
            head += layer.MultiplyAccumulates(shape);
            shape = layer.InferShape(shape).Shape ?? throw new InvalidOperationException("Validate the spec first.");
        }

        return (body, head);
    }

    /// <summary>
    /// The same body with every hidden layer of the head <paramref name="width"/> wide (named "{name}-head{width}"):
    /// students with wider heads than their members, for a head of Linear layers with ReLU, dropout or 1-d batch norm
    /// between them (the mlp, cnn and toy-mlp presets).
    /// </summary>
    /// <exception cref="ArchitectureValidationException">The head has no hidden layer, or a layer this cannot
    /// widen.</exception>
    public ArchitectureSpec WithHeadWidth(int width)
    {
        if (width < 1)
        {
            throw new ArchitectureValidationException($"A head width must be at least 1; got {width}.");
        }

        var linears = Head.Count(l => l is LinearLayer);
        if (linears < 2 || Head.Any(l => l is not (LinearLayer or ReluLayer or DropoutLayer or BatchNorm1dLayer)))
        {
            throw new ArchitectureValidationException($"The head of '{Name}' is not Linear layers with a hidden "
                + "layer between them (ReLU, dropout or 1-d batch norm only), so it has no width to set.");
        }

        var head = new List<LayerSpec>();
        var seen = 0;
        foreach (var layer in Head)
        {
            head.Add(layer switch
            {
                // The first keeps its input (the body's output), the last its outputs (the task's).
                LinearLayer linear => linear with
                {
                    In = seen++ == 0 ? linear.In : width,
                    Out = seen == linears ? linear.Out : width,
                },
                BatchNorm1dLayer norm => norm with { Features = width },
                _ => layer,
            });
        }

        var widened = this with { Name = FormattableString.Invariant($"{Name}-head{width}"), Head = head };
        widened.Validate();
        return widened;
    }

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    /// <summary>Parses and validates a spec.</summary>
    /// <exception cref="ArchitectureValidationException">The JSON is malformed or a layer is invalid.</exception>
    public static ArchitectureSpec FromJson(string json)
    {
        ArchitectureSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ArchitectureSpec>(json, HydraJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ArchitectureValidationException([$"{ex.Path ?? "$"}: {ex.Message}"]);
        }
        catch (NotSupportedException ex)
        {
            throw new ArchitectureValidationException([$"$: {ex.Message}"]);
        }

        if (spec is null)
        {
            throw new ArchitectureValidationException(["$: the spec is null"]);
        }

        spec.Validate();
        return spec;
    }

    private static int[]? Walk(string part, IReadOnlyList<LayerSpec> layers, int[] shape, List<string> errors)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (layer is null)
            {
                errors.Add($"{part}[{i}]: layer is null");
                return null;
            }

            var result = layer.InferShape(shape);
            if (!result.IsOk)
            {
                errors.Add($"{part}[{i}] ({layer.TypeName}): {result.Error}");
                return null;
            }

            shape = result.Shape!;
        }

        return shape;
    }
}
