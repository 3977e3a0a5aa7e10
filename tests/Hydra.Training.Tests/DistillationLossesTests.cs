using Hydra.Training.Losses;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class DistillationLossesTests
{
    [Fact]
    public void KnowledgeDistillation_OneRow_MatchesHandComputedTemperatureScaledKl()
    {
        // Two members, two classes, T = 2. Member logits (2, 0) and (0, 0); student logits (1, 0).
        using var teacher = tensor(new float[] { 2, 0, 0, 0 }, [1, 2, 2]);
        using var student = tensor(new float[] { 1, 0 }, [1, 2]);
        var a = Math.Exp(1) / (Math.Exp(1) + 1);          // softmax((2,0)/2)[0]
        var p0 = (a + 0.5) / 2;                               // mean over members
        var q0 = Math.Exp(0.5) / (Math.Exp(0.5) + 1);       // softmax((1,0)/2)[0]
        var expected = 4 * ((p0 * Math.Log(p0 / q0)) + ((1 - p0) * Math.Log((1 - p0) / (1 - q0))));

        using var loss = DistillationLosses.KnowledgeDistillation(student, teacher, 2.0);

        Assert.Equal(expected, loss.item<float>(), 6);
    }

    [Fact]
    public void HydraHeads_HeadsEqualToMembers_IsZero()
    {
        using var teacher = randn(8, 3, 5);

        using var loss = DistillationLosses.HydraHeads(teacher.clone(), teacher, 2.0);

        Assert.Equal(0.0, loss.item<float>(), 6);
    }

    [Fact]
    public void HydraHeads_OneRow_IsTheMeanOverHeadsOfEachHeadsKl()
    {
        // Head 0 matches member 0 exactly; head 1 has logits (0, 0) against member 1's (ln 3, 0) → p = (3/4, 1/4) at T
        // = 1.
        using var teacher = tensor(new float[] { 1, 2, (float)Math.Log(3), 0 }, [1, 2, 2]);
        using var heads = tensor(new float[] { 1, 2, 0, 0 }, [1, 2, 2]);
        var kl1 = (0.75 * Math.Log(0.75 / 0.5)) + (0.25 * Math.Log(0.25 / 0.5));

        using var loss = DistillationLosses.HydraHeads(heads, teacher, 1.0);

        Assert.Equal(kl1 / 2, loss.item<float>(), 6);
    }

    [Fact]
    public void KnowledgeDistillation_Gradient_PullsTheStudentTowardTheEnsembleMean()
    {
        // Both members favour class 0; a student favouring class 1 must see its class-0 logit pushed up.
        using var teacher = tensor(new float[] { 3, 0, 2, 0 }, [1, 2, 2]);
        using var student = tensor(new float[] { 0, 1 }, [1, 2]).requires_grad_();

        using var loss = DistillationLosses.KnowledgeDistillation(student, teacher, 2.0);
        loss.backward();
        var gradient = student.grad!.data<float>().ToArray();

        Assert.True(gradient[0] < 0, $"d loss / d logit0 = {gradient[0]} should be negative");
        Assert.True(gradient[1] > 0, $"d loss / d logit1 = {gradient[1]} should be positive");
    }
}
