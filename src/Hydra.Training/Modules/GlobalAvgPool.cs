using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>[N, C, H, W] → [N, C]: the mean of each channel over its spatial positions.</summary>
internal sealed class GlobalAvgPool() : nn.Module<Tensor, Tensor>(nameof(GlobalAvgPool))
{
    public override Tensor forward(Tensor input) => nn.functional.adaptive_avg_pool2d(input, [1, 1]).flatten(1);
}
