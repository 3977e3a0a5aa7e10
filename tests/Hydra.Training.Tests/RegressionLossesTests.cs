using Hydra.Core.Metrics;
using Hydra.Training.Losses;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class RegressionLossesTests
{
    [Fact]
    public void GaussianNll_OneRow_MatchesHandComputedValue()
    {
        // μ = 1, σ² = 4, y = 3: ½ (log 2π + log 4 + (3 − 1)²/4) = ½ (1.8378771 + 1.3862944 + 1).
        using var mean = tensor(new float[] { 1 });
        using var variance = tensor(new float[] { 4 });
        using var target = tensor(new float[] { 3 });

        using var nll = RegressionLosses.GaussianNll(mean, variance, target);

        Assert.Equal(2.1120857, nll.item<float>(), 5);
    }

    [Fact]
    public void GaussianNll_TwoRows_IsTheMeanOfTheRows()
    {
        // Row 2: μ = 0, σ² = 1, y = 0 → ½ log 2π = 0.9189385.
        using var mean = tensor(new float[] { 1, 0 });
        using var variance = tensor(new float[] { 4, 1 });
        using var target = tensor(new float[] { 3, 0 });

        using var nll = RegressionLosses.GaussianNll(mean, variance, target);

        Assert.Equal((2.1120857 + 0.9189385) / 2, nll.item<float>(), 5);
    }

    [Fact]
    public void GaussianKl_KnownPair_MatchesHandValueAndTheCoreMetric()
    {
        // KL(N(0, 1) ‖ N(1, 4)) = ½ (log 4 + (1 + 1)/4 − 1) = ½ (1.3862944 − 0.5) = 0.4431472.
        using var mean1 = tensor(new float[] { 0 });
        using var variance1 = tensor(new float[] { 1 });
        using var mean2 = tensor(new float[] { 1 });
        using var variance2 = tensor(new float[] { 4 });

        using var kl = RegressionLosses.GaussianKl(mean1, variance1, mean2, variance2);

        Assert.Equal(0.4431472, kl.item<float>(), 6);
        Assert.Equal(RegressionMetrics.GaussianKl(0, 1, 1, 4), kl.item<float>(), 6);
    }

    [Fact]
    public void MomentMatch_TwoMembers_MatchesHandComputedMoments()
    {
        // μ = (1, 3), σ² = (1, 2): mean 2; variance = mean(σ² + μ²) − mean² = (2 + 11)/2 − 4 = 2.5.
        using var means = tensor(new float[] { 1, 3 }, [1, 2]);
        using var variances = tensor(new float[] { 1, 2 }, [1, 2]);

        var (mean, variance) = RegressionLosses.MomentMatch(means, variances);
        using (mean)
        using (variance)
        {
            Assert.Equal(2.0, mean.item<float>(), 6);
            Assert.Equal(2.5, variance.item<float>(), 6);
        }
    }

    [Fact]
    public void GaussianOutputs_RawVariance_IsSoftplusPlusEpsilonAndNeverBelowEpsilon()
    {
        using var outputs = tensor(new float[] { 5, 0, 5, -200 }, [2, 2]);

        using var variance = GaussianOutputs.Variance(outputs);
        using var mean = GaussianOutputs.Mean(outputs);

        var v = variance.data<float>().ToArray();
        Assert.Equal(Math.Log(2) + 1e-6, v[0], 6);
        Assert.Equal(1e-6, v[1], 9);
        Assert.Equal([5f, 5f], mean.data<float>().ToArray());
    }

    [Fact]
    public void KnowledgeDistillation_StudentAtTheMomentMatchedGaussian_IsZeroAndElsewhereMatchesHandKl()
    {
        // Members (1, σ² 1) and (3, σ² 2) → N(2, 2.5). A student at N(0, 1): KL = ½ (log(1/2.5) + (2.5 + 4)/1 − 1) =
        // 2.2918546.
        using var teacher = Outputs([1, 1, 3, 2], [1, 2, 2]);
        using var matched = Outputs([2, 2.5f], [1, 2]);
        using var off = Outputs([0, 1], [1, 2]);

        using var zero = RegressionLosses.KnowledgeDistillation(matched, teacher);
        using var kl = RegressionLosses.KnowledgeDistillation(off, teacher);

        Assert.Equal(0.0, zero.item<float>(), 5);
        Assert.Equal(2.2918546, kl.item<float>(), 4);
    }

    [Fact]
    public void HydraHeads_OneHeadOff_IsTheMeanOverHeadsOfEachHeadsKl()
    {
        // Head 0 equals member 0; head 1 is N(1, 4) against member 1's N(0, 1): KL 0.4431472, mean over two heads.
        using var teacher = Outputs([5, 3, 0, 1], [1, 2, 2]);
        using var heads = Outputs([5, 3, 1, 4], [1, 2, 2]);

        using var loss = RegressionLosses.HydraHeads(heads, teacher);

        Assert.Equal(0.4431472 / 2, loss.item<float>(), 4);
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(5f)]
    public void KnowledgeDistillation_GradientStep_MovesTheStudentsMeanTowardTheTeachers(float studentMean)
    {
        // The moment-matched teacher is N(2, 2.5); the student has its variance and a wrong mean.
        var (before, after) = OneStep(studentMean, 2.5f);

        Assert.True(Math.Abs(after.Mean - 2) < Math.Abs(before.Mean - 2),
            $"mean {before.Mean} → {after.Mean} should approach 2");
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(6f)]
    public void KnowledgeDistillation_GradientStep_MovesTheStudentsVarianceTowardTheTeachers(float studentVariance)
    {
        // Same mean as the teacher N(2, 2.5), so the KL's optimum variance is the teacher's (with a mean gap d it is
        // 2.5 + d²).
        var (before, after) = OneStep(2f, studentVariance);

        Assert.True(Math.Abs(after.Variance - 2.5) < Math.Abs(before.Variance - 2.5),
            $"variance {before.Variance} → {after.Variance} should approach 2.5");
    }

    [Fact]
    public void HydraHeads_Gradient_PullsEachHeadTowardItsOwnMember()
    {
        // Member 0 is N(−1, 1), member 1 N(3, 1); both heads start at N(1, 1), so their mean gradients must point
        // opposite ways.
        using var teacher = Outputs([-1, 1, 3, 1], [1, 2, 2]);
        using var heads = Outputs([1, 1, 1, 1], [1, 2, 2]).requires_grad_();

        using var loss = RegressionLosses.HydraHeads(heads, teacher);
        loss.backward();
        var gradient = heads.grad!.data<float>().ToArray();

        Assert.True(gradient[0] > 0, $"head 0's mean gradient {gradient[0]} should be positive (its member is below)");
        Assert.True(gradient[2] < 0, $"head 1's mean gradient {gradient[2]} should be negative (its member is above)");
    }

    /// <summary>
    /// Raw head outputs [μ, raw] whose Gaussians have the given (mean, variance) pairs: raw = log(e^(σ² − ε) − 1).
    /// </summary>
    private static Tensor Outputs(float[] meanVariancePairs, long[] shape)
    {
        var raw = meanVariancePairs.Select((v, i) => i % 2 == 0 ? v : (float)Math.Log(Math.Exp(
            v - 1e-6) - 1)).ToArray();
        return tensor(raw, shape);
    }

    /// <summary>
    /// The student's Gaussian before and after one small gradient step on the KD loss against members N(1, 1), N(3, 2).
    /// </summary>
    private static ((double Mean, double Variance) Before, (double Mean, double Variance) After) OneStep(float mean,
        float variance)
    {
        using var teacher = Outputs([1, 1, 3, 2], [1, 2, 2]);
        using var student = Outputs([mean, variance], [1, 2]).requires_grad_();

        using var loss = RegressionLosses.KnowledgeDistillation(student, teacher);
        loss.backward();
        using var stepped = (student - (0.01 * student.grad!)).detach();
        using var start = student.detach();

        return (Gaussian(start), Gaussian(stepped));
    }

    private static (double Mean, double Variance) Gaussian(Tensor outputs)
    {
        using var mean = GaussianOutputs.Mean(outputs);
        using var variance = GaussianOutputs.Variance(outputs);
        return (mean.item<float>(), variance.item<float>());
    }
}
