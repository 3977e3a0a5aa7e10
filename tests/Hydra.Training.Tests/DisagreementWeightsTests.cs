using Hydra.Training.Losses;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class DisagreementWeightsTests
{
    // Three rows, two members, two classes; logits are log-probabilities, so softmax gives them back exactly.
    // Row 0: both (.5, .5): MI 0. Row 1: (.9, .1) and (.1, .9): ln 2 − H(.9, .1) = 0.3680642.
    // Row 2: (.8, .2) and (.4, .6): H(.6, .4) − (H(.8, .2) + H(.4, .6)) / 2 = 0.0863046.
    private static readonly float[,,] MemberProbabilities =
    {
        { { 0.5f, 0.5f }, { 0.5f, 0.5f } },
        { { 0.9f, 0.1f }, { 0.1f, 0.9f } },
        { { 0.8f, 0.2f }, { 0.4f, 0.6f } },
    };

    [Fact]
    public void Classification_HandMadeMembers_IsEachRowsMutualInformation()
    {
        using var logits = tensor(MemberProbabilities).log();

        using var disagreement = MemberDisagreement.Classification(logits);

        AssertClose([0f, 0.3680642f, 0.0863046f], disagreement);
    }

    [Theory]
    // γ = 1: 3 · u / Σu with Σu = 0.4543688.
    [InlineData(1.0, new[] { 0f, 2.4301681f, 0.5698319f })]
    // γ = ½: √u = (0, 0.6066830, 0.2937765), over their mean 0.3001532.
    [InlineData(0.5, new[] { 0f, 2.0212447f, 0.9787553f })]
    public void From_HandMadeMembers_IsTheTemperedDisagreementOverItsMean(double power, float[] expected)
    {
        using var logits = tensor(MemberProbabilities).log();
        using var disagreement = MemberDisagreement.Classification(logits);

        using var weights = DisagreementWeights.From(disagreement, power);

        AssertClose(expected, weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void From_NoDisagreementOrPowerZero_GivesEveryRowOne(double power)
    {
        using var disagreement = power == 0 ? tensor(new[] { 0f, 0.3f, 0.1f }) : zeros(3);

        using var weights = DisagreementWeights.From(disagreement, power);

        AssertClose([1f, 1f, 1f], weights);
    }

    [Fact]
    public void Regression_MembersMeans_IsTheirVarianceOverMembers()
    {
        // Two rows, three members, [μ, raw variance]: means (1, 2, 6) and (3, 3, 3); the raw variances do not count.
        using var outputs = tensor(new float[,,]
        {
            { { 1f, 0.1f }, { 2f, 5f }, { 6f, -2f } },
            { { 3f, 0.4f }, { 3f, 1f }, { 3f, 9f } },
        });

        using var disagreement = MemberDisagreement.Regression(outputs);

        // Mean 3; squared deviations 4, 1, 9; over 3 members: 14/3.
        AssertClose([14f / 3, 0f], disagreement);
    }

    private static void AssertClose(float[] expected, Tensor actual)
    {
        var values = actual.data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 1e-5f);
        }
    }
}
