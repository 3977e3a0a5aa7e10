using System.Text.Json.Serialization;

namespace Hydra.Core.Architecture;

/// <summary>
/// A ResNet basic block on [channels, height, width] rows: conv3×3(stride)-bn-relu-conv3×3-bn, plus a shortcut, then
/// relu. The shortcut is the identity when the block keeps the shape, and a 1×1 conv (stride) + bn projection when it
/// changes the channel count or the stride. Its tensors are "conv1.*", "bn1.*", "conv2.*", "bn2.*" and, with the
/// projection, "shortcut_conv.*", "shortcut_bn.*" (the convs have no bias: the batch norm after each has one).
/// </summary>
public sealed record ResidualBlockLayer(int In, int Out, int Stride = 1) : LayerSpec
{
    [JsonIgnore]
    public bool HasProjection => Stride != 1 || In != Out;

    [JsonIgnore]
    public Conv2dLayer Conv1 => new(In, Out, 3, Stride, Padding: 1, Bias: false);

    [JsonIgnore]
    public BatchNorm2dLayer Bn1 => new(Out);

    [JsonIgnore]
    public Conv2dLayer Conv2 => new(Out, Out, 3, 1, Padding: 1, Bias: false);

    [JsonIgnore]
    public BatchNorm2dLayer Bn2 => new(Out);

    [JsonIgnore]
    public Conv2dLayer ShortcutConv => new(In, Out, 1, Stride, Padding: 0, Bias: false);

    [JsonIgnore]
    public BatchNorm2dLayer ShortcutBn => new(Out);

    /// <summary>The block's parts with their tensor-name prefixes, in forward order (the shortcut last).</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Name, LayerSpec Layer)> Parts =>
        HasProjection
            ? [("conv1", Conv1), ("bn1", Bn1), ("conv2", Conv2), ("bn2", Bn2), ("shortcut_conv", ShortcutConv),
            ("shortcut_bn", ShortcutBn)]
            : [("conv1", Conv1), ("bn1", Bn1), ("conv2", Conv2), ("bn2", Bn2)];

    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        if (In <= 0 || Out <= 0 || Stride <= 0)
        {
            return ShapeResult.Fail($"in ({In}), out ({Out}) and stride ({Stride}) must be positive");
        }

        if (input.Count != 3)
        {
            return ShapeResult.Fail($"expects [channels, height, width] but receives shape {Describe(input)}");
        }

        if (input[0] != In)
        {
            return ShapeResult.Fail($"expects {In} input channels but receives {input[0]}");
        }

        // A 3×3 conv with padding 1 and a 1×1 conv without padding give the same size at the same stride: (n − 1) / s +
        // 1.
        return ShapeResult.Ok(Out, ((input[1] - 1) / Stride) + 1, ((input[2] - 1) / Stride) + 1);
    }

    public override long MultiplyAccumulates(IReadOnlyList<int> input)
    {
        var output = InferShape(input).Shape;
        if (output is null)
        {
            return 0;
        }

        // Batch norms count as none: at inference they fold into the conv before them.
        return Conv1.MultiplyAccumulates(input) + Conv2.MultiplyAccumulates(output) + (HasProjection
            ? ShortcutConv.MultiplyAccumulates(input) : 0);
    }

    public override long ParameterCount() => Parts.Sum(p => p.Layer.ParameterCount());

    public override IReadOnlyList<(string Name, long[] Shape)> TensorShapes() =>
        [.. Parts.SelectMany(p => p.Layer.TensorShapes().Select(t => ($"{p.Name}.{t.Name}", t.Shape)))];
}
