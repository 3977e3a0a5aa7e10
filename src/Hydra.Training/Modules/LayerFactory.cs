using Hydra.Core.Architecture;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>Builds TorchSharp modules from validated layer specs.</summary>
internal static class LayerFactory
{
    public static nn.Module<Tensor, Tensor> Create(LayerSpec layer) => layer switch
    {
        LinearLayer l => nn.Linear(l.In, l.Out, hasBias: l.Bias),
        Conv2dLayer c => nn.Conv2d(c.In, c.Out, kernel_size: c.Kernel, stride: c.Stride, padding: c.Padding,
            bias: c.Bias),
        ReluLayer => nn.ReLU(),
        MaxPool2dLayer p => nn.MaxPool2d(kernel_size: p.Kernel, stride: p.EffectiveStride),
        FlattenLayer => nn.Flatten(),
        DropoutLayer d => nn.Dropout(d.P),
        BatchNorm1dLayer b => nn.BatchNorm1d(b.Features, eps: b.Eps, momentum: b.Momentum),
        BatchNorm2dLayer b => nn.BatchNorm2d(b.Channels, eps: b.Eps, momentum: b.Momentum),
        AvgPool2dLayer p => nn.AvgPool2d(kernel_size: p.Kernel, stride: p.EffectiveStride),
        GlobalAvgPoolLayer => new GlobalAvgPool(),
        ResidualBlockLayer r => new ResidualBlock(r),
        _ => throw new NotSupportedException($"Layer type '{layer.TypeName}' has no TorchSharp builder."),
    };

    /// <summary>A sequential stack whose children are named by their index, so weights are "{index}.weight".</summary>
    public static nn.Module<Tensor, Tensor> Sequential(IReadOnlyList<LayerSpec> layers) =>
        nn.Sequential(layers.Select((l, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Create(l))).ToArray());
}
