namespace Hydra.Core.Architecture;

/// <summary>The reference architectures of hydra-method.md §4, a small MLP for two-feature toy data, and an MLP for tabular regression.</summary>
public static class ArchitecturePresets
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "cnn", "toy-mlp", "regression-mlp"];

    /// <summary>Reference MLP: body 784-512-512 (ReLU), head 512-128-C.</summary>
    public static ArchitectureSpec Mlp(int classes = 10, int[]? inputShape = null)
    {
        var shape = inputShape ?? [1, 28, 28];
        var features = shape.Aggregate(1, (a, b) => a * b);
        return new ArchitectureSpec("mlp", shape,
            [new FlattenLayer(), new LinearLayer(features, 512), new ReluLayer(), new LinearLayer(512, 512), new ReluLayer()],
            [new LinearLayer(512, 128), new ReluLayer(), new LinearLayer(128, classes)]);
    }

    /// <summary>Reference CNN: two conv/pool stages and a 3136-256 linear body; head 256-64-C.</summary>
    public static ArchitectureSpec Cnn(int classes = 10) =>
        new("cnn", [1, 28, 28],
            [
                new Conv2dLayer(1, 32, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2),
                new Conv2dLayer(32, 64, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2),
                new FlattenLayer(), new LinearLayer(3136, 256), new ReluLayer(),
            ],
            [new LinearLayer(256, 64), new ReluLayer(), new LinearLayer(64, classes)]);

    /// <summary>A small MLP for low-dimensional tabular or toy inputs: body F-64-64, head 64-32-C.</summary>
    public static ArchitectureSpec ToyMlp(int features, int outputs) =>
        new("toy-mlp", [features],
            [new LinearLayer(features, 64), new ReluLayer(), new LinearLayer(64, 64), new ReluLayer()],
            [new LinearLayer(64, 32), new ReluLayer(), new LinearLayer(32, outputs)]);

    /// <summary>
    /// An MLP for tabular or 1-d regression: body F-128-128 (ReLU), head one Linear(128, outputs) — for a Gaussian head,
    /// outputs = 2 (mean, raw variance). The head is a single linear layer so Hydra's M heads cost ≈ 7% over one member.
    /// </summary>
    public static ArchitectureSpec RegressionMlp(int features, int outputs = 2) =>
        new("regression-mlp", [features],
            [new LinearLayer(features, 128), new ReluLayer(), new LinearLayer(128, 128), new ReluLayer()],
            [new LinearLayer(128, outputs)]);

    /// <summary>A preset by name, sized for the given input shape and output width.</summary>
    public static ArchitectureSpec ByName(string name, int[] inputShape, int outputs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        return name.ToLowerInvariant() switch
        {
            "mlp" => Mlp(outputs, inputShape),
            "cnn" => Cnn(outputs),
            "toy-mlp" => ToyMlp(inputShape.Aggregate(1, (a, b) => a * b), outputs),
            "regression-mlp" => RegressionMlp(inputShape.Aggregate(1, (a, b) => a * b), outputs),
            _ => throw new ArgumentException($"Unknown architecture preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
