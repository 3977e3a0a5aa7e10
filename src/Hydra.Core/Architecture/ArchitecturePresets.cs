using Hydra.Core.Errors;

namespace Hydra.Core.Architecture;

/// <summary>
/// The reference architectures of hydra-method.md §4, a small MLP for two-feature toy data, an MLP for tabular
/// regression, and ResNet-20.
/// </summary>
public static class ArchitecturePresets
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "cnn", "toy-mlp", "regression-mlp", "resnet20",
        "resnet20-lastblock", "resnet20-laststage"];

    /// <summary>Reference MLP: body 784-512-512 (ReLU), head 512-128-C.</summary>
    public static ArchitectureSpec Mlp(int classes = 10, int[]? inputShape = null)
    {
        var shape = inputShape ?? [1, 28, 28];
        var features = shape.Aggregate(1, (a, b) => a * b);
        return new ArchitectureSpec("mlp", shape,
            [new FlattenLayer(), new LinearLayer(features, 512), new ReluLayer(), new LinearLayer(512, 512),
                new ReluLayer()],
            [new LinearLayer(512, 128), new ReluLayer(), new LinearLayer(128, classes)]);
    }

    /// <summary>
    /// Reference CNN: two conv/pool stages and a linear body to 256 (3136-256 for 1×28×28 rows); head 256-64-C. Other
    /// [channels, height, width] rows of at least 4×4 get the same layers, the first and the linear sized to fit.
    /// </summary>
    public static ArchitectureSpec Cnn(int classes = 10, int[]? inputShape = null)
    {
        var shape = inputShape ?? [1, 28, 28];
        if (shape is not [var channels, var height, var width] || channels < 1 || height < 4 || width < 4)
        {
            throw new ArchitectureValidationException(
                $"The CNN takes [channels, height, width] rows of at least 4×4, not [{string.Join(", ", shape)}].");
        }

        return new("cnn", shape,
            [
                new Conv2dLayer(channels, 32, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2),
                new Conv2dLayer(32, 64, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2),
                new FlattenLayer(), new LinearLayer(64 * (height / 4) * (width / 4), 256), new ReluLayer(),
            ],
            [new LinearLayer(256, 64), new ReluLayer(), new LinearLayer(64, classes)]);
    }

    /// <summary>A small MLP for low-dimensional tabular or toy inputs: body F-64-64, head 64-32-C.</summary>
    public static ArchitectureSpec ToyMlp(int features, int outputs) =>
        new("toy-mlp", [features],
            [new LinearLayer(features, 64), new ReluLayer(), new LinearLayer(64, 64), new ReluLayer()],
            [new LinearLayer(64, 32), new ReluLayer(), new LinearLayer(32, outputs)]);

    /// <summary>
    /// An MLP for tabular or 1-d regression: body F-128-128 (ReLU), head one Linear(128, outputs) — for a Gaussian
    /// head,
    /// outputs = 2 (mean, raw variance). The head is a single linear layer so Hydra's M heads cost ≈ 7% over one
    /// member.
    /// </summary>
    public static ArchitectureSpec RegressionMlp(int features, int outputs = 2) =>
        new("regression-mlp", [features],
            [new LinearLayer(features, 128), new ReluLayer(), new LinearLayer(128, 128), new ReluLayer()],
            [new LinearLayer(128, outputs)]);

    /// <summary>
    /// ResNet-20 (He et al. 2016, the CIFAR variant) for [channels, height, width] inputs (built for 3×32×32): a 3×3
    /// stem
    /// conv to 16 channels with batch norm and ReLU, three stages of three basic blocks at 16, 32 and 64 channels (the
    /// first block of stages 2 and 3 halves the resolution through a projection shortcut), global average pooling and
    /// a linear classifier. <paramref name="head"/> chooses the body/head split.
    /// </summary>
    public static ArchitectureSpec ResNet20(int classes = 10, int[]? inputShape = null,
        ResNetHead head = ResNetHead.Mlp)
    {
        var shape = inputShape ?? [3, 32, 32];
        if (shape.Length != 3)
        {
            throw new ArchitectureValidationException(
                $"ResNet-20 takes [channels, height, width] rows, not [{string.Join(", ", shape)}].");
        }

        var layers = new List<LayerSpec> { new Conv2dLayer(shape[0], 16, 3, Padding: 1, Bias: false),
            new BatchNorm2dLayer(16), new ReluLayer() };
        var channels = 16;
        foreach (var (width, stride) in new[] { (16, 1), (32, 2), (64, 2) })
        {
            for (var b = 0; b < 3; b++)
            {
                layers.Add(new ResidualBlockLayer(channels, width, b == 0 ? stride : 1));
                channels = width;
            }
        }

        // The head starts this many residual blocks from the end of the list.
        var headBlocks = head switch { ResNetHead.LastBlock => 1, ResNetHead.LastStage => 3, _ => 0 };
        var split = layers.Count - headBlocks;
        List<LayerSpec> classifier = head == ResNetHead.Mlp
            ? [new LinearLayer(64, 64), new ReluLayer(), new LinearLayer(64, classes)]
            : [new LinearLayer(64, classes)];
        var name = head switch
        {
            ResNetHead.LastBlock => "resnet20-lastblock",
            ResNetHead.LastStage => "resnet20-laststage",
            _ => "resnet20"
        };
        return head == ResNetHead.Mlp
            ? new ArchitectureSpec(name, shape, [.. layers, new GlobalAvgPoolLayer()], classifier)
            : new ArchitectureSpec(name, shape, layers[..split], [.. layers[split..], new GlobalAvgPoolLayer(),
            .. classifier]);
    }

    /// <summary>A preset by name, sized for the given input shape and output width.</summary>
    public static ArchitectureSpec ByName(string name, int[] inputShape, int outputs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        return name.ToLowerInvariant() switch
        {
            "mlp" => Mlp(outputs, inputShape),
            "cnn" => Cnn(outputs, inputShape),
            "toy-mlp" => ToyMlp(inputShape.Aggregate(1, (a, b) => a * b), outputs),
            "regression-mlp" => RegressionMlp(inputShape.Aggregate(1, (a, b) => a * b), outputs),
            "resnet20" => ResNet20(outputs, inputShape, ResNetHead.Mlp),
            "resnet20-lastblock" => ResNet20(outputs, inputShape, ResNetHead.LastBlock),
            "resnet20-laststage" => ResNet20(outputs, inputShape, ResNetHead.LastStage),
            _ => throw new InvalidRequestException(
                $"Unknown architecture preset '{name}'. Known presets: {string.Join(", ", Names)}, "
                + "or the path of a JSON spec."),
        };
    }
}
