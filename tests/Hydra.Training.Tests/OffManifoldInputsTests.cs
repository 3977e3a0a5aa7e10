using Hydra.Core.Errors;
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

        using var mixed = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: true, NoiseStd: 0,
            ShuffleFraction: 0, Copies: 1));
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

        using var noisy = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 0.5,
            ShuffleFraction: 0, Copies: 1));
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
    public void Make_NoiseRange_DrawsEachRowsSpreadLogUniformlyWithinTheRange()
    {
        random.manual_seed(7);
        using var batch = zeros(400, 2000);

        using var noisy = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 3.0,
            NoiseMinStd: 0.1, ShuffleFraction: 0, Copies: 1));
        var spreads = noisy.std(1).data<float>().ToArray();

        // Each row has one spread; 2000 draws estimate it within a few percent.
        Assert.All(spreads, s => Assert.InRange(s, 0.1 * 0.9, 3.0 * 1.1));
        // Log-uniform on [0.1, 3]: the median spread is sqrt(0.1 · 3) ≈ 0.548, and a fifth of the rows lie below
        // 0.1 · 30^0.2 ≈ 0.197.
        var sorted = spreads.Order().ToArray();
        Assert.InRange(sorted[200], 0.45, 0.66);
        Assert.InRange(sorted.Count(s => s < 0.197) / 400.0, 0.13, 0.27);
    }

    [Fact]
    public void Make_ShuffleAll_KeepsEachRowsValuesButNotTheirOrder()
    {
        random.manual_seed(8);
        using var batch = arange(0, 3 * 64, dtype: ScalarType.Float32).reshape(3, 1, 8, 8);

        using var shuffled = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 0,
            ShuffleFraction: 1, Copies: 1));

        Assert.Equal(batch.shape, shuffled.shape);
        for (var row = 0; row < 3; row++)
        {
            var original = batch[row].flatten().data<float>().ToArray();
            var permuted = shuffled[row].flatten().data<float>().ToArray();
            Assert.Equal(original, permuted.Order().ToArray());
            Assert.NotEqual(original, permuted);
        }
    }

    [Fact]
    public void Make_ShuffleNone_LeavesRowsAsTheyAre()
    {
        random.manual_seed(9);
        using var batch = randn(16, 10);

        using var same = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 1e-9,
            ShuffleFraction: 0, Copies: 1));

        Assert.True(same.allclose(batch, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Make_Copies_GivesThatManyRowsPerTrainingRowInBlocks()
    {
        random.manual_seed(10);
        using var batch = arange(0, 4, dtype: ScalarType.Float32).reshape(4, 1).expand(4, 5).contiguous();

        using var copies = OffManifoldInputs.Make(batch, new OffManifoldOptions(Mixup: false, NoiseStd: 1e-9,
            ShuffleFraction: 0, Copies: 3));

        Assert.Equal([12L, 5L], copies.shape);
        var firstColumn = copies.select(1, 0).data<float>().ToArray();
        Assert.Equal([0f, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], firstColumn.Select(v => MathF.Round(v)).ToArray());
    }

    [Fact]
    public void TowardsDisagreement_StepsEachFeatureUphillBySignOnly()
    {
        // disagreement(x) = Σ (x − c)²: its gradient 2(x − c) points away from c, so each feature moves by ±step away
        // from c.
        using var inputs = tensor(new float[] { 1f, -2f, 0.5f, 3f }, [2, 2]);
        using var centre = tensor(new float[] { 0f, 0f, 1f, 1f }, [2, 2]);

        using var moved = OffManifoldInputs.TowardsDisagreement(inputs, 0.25, x => (x - centre).pow(2).sum());

        Assert.Equal([1.25f, -2.25f, 0.25f, 3.25f], moved.data<float>().ToArray());
        Assert.False(moved.requires_grad);
    }

    [Fact]
    public void TowardsDisagreement_LeavesParameterGradientsUntouched()
    {
        random.manual_seed(11);
        using var layer = nn.Linear(3, 2);
        using var inputs = randn(4, 3);

        using var moved = OffManifoldInputs.TowardsDisagreement(inputs, 0.1, x => layer.call(x).pow(2).mean());

        Assert.True(layer.weight!.grad is null || layer.weight.grad.abs().sum().item<float>() == 0f);
        Assert.Equal(0.1, (moved - inputs).abs().max().item<float>(), 5);
    }

    [Theory]
    [InlineData(0.5, 0.6, 0.0, 1)] // lowest spread above the highest
    [InlineData(1.0, 0.0, 0.0, 1)] // lowest spread not positive
    [InlineData(1.0, null, 1.5, 1)] // shuffled fraction above 1
    [InlineData(1.0, null, 0.0, 0)] // no copies
    public void Validate_OutOfRangeSettings_AreRejected(double noise, double? lowest, double shuffle, int copies)
    {
        var options = new OffManifoldOptions(
            NoiseStd: noise, NoiseMinStd: lowest, ShuffleFraction: shuffle, Copies: copies);

        Assert.Throws<InvalidRequestException>(options.Validate);
    }

    [Fact]
    public void ToString_NamesTheNoiseRange()
    {
        Assert.Equal("mixup=True, shuffle=0.25, noise_std=log-uniform[0.1, 3], adversarial_step=0, copies=2, weight=1",
            new OffManifoldOptions(NoiseStd: 3, NoiseMinStd: 0.1, ShuffleFraction: 0.25, Copies: 2).ToString());
        Assert.Equal("mixup=False, shuffle=0.3, noise_std=0.5, adversarial_step=0, copies=2, weight=2",
            new OffManifoldOptions(false, 0.5, 2).ToString());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(25.0)]
    public void Validate_OffManifoldTemperatureOutOfRange_IsRejected(double temperature)
    {
        var options = new OffManifoldOptions(Temperature: temperature);

        var error = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains("Temperature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NamesTheOffManifoldTemperatureOnlyWhenSet()
    {
        Assert.Equal("mixup=True, shuffle=0.3, noise_std=1, pool=100, refresh_epochs=5, share=0.5, weight=1, "
            + "temperature=1", new OffManifoldOptions(PoolSize: 100, Temperature: 1).ToString());
        Assert.DoesNotContain("temperature", new OffManifoldOptions(PoolSize: 100).ToString(),
            StringComparison.Ordinal);
        new OffManifoldOptions(Temperature: 1).Validate();
    }

    [Fact]
    public void Validate_NeitherMixupNorShufflingNorNoise_IsRejected()
    {
        var options = new OffManifoldOptions(Mixup: false, NoiseStd: 0, ShuffleFraction: 0);

        var error = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Equal("Off-manifold inputs need mixup, shuffling, noise or a mix of them.", error.Message);
    }
}
