using Hydra.Training.Losses;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class OffManifoldInputsTests
{
    [Fact]
    public void Make_MixupOnly_GivesRowsBetweenTheirSourceRows()
    {
        random.manual_seed(4);
        using var batch = cat([zeros(1, 6), ones(1, 6)], 0);

        using var mixed = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: true, NoiseStd: 0));
        var values = mixed.data<float>().ToArray();

        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        for (var row = 0; row < 2; row++)
        {
            var first = values[row * 6];
            Assert.All(values.Skip(row * 6).Take(6), v => Assert.Equal(first, v, 6));
        }
    }

    [Fact]
    public void Make_NoiseOnly_AddsZeroMeanNoiseOfTheAskedSpread()
    {
        random.manual_seed(5);
        using var batch = full(200, 50, 3.0f);

        using var noisy = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 0.5));
        using var difference = noisy - batch;

        Assert.Equal(0.0, difference.mean().item<float>(), 1);
        Assert.Equal(0.5, difference.std().item<float>(), 1);
    }

    [Fact]
    public void Make_SameSeed_GivesTheSameInputs()
    {
        using var batch = randn(8, 3);

        random.manual_seed(6);
        using var a = OffManifoldInputs.Make(batch, new OffManifoldOptions());
        random.manual_seed(6);
        using var b = OffManifoldInputs.Make(batch, new OffManifoldOptions());

        Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }

    [Fact]
    public void Validate_NeitherMixupNorNoise_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new OffManifoldOptions(Mixup: false, NoiseStd: 0).Validate());
    }
}
