using Hydra.Core.Teachers;

namespace Hydra.Core.Tests.Teachers;

public sealed class TeacherConfidenceTests
{
    [Fact]
    public void MeanMaxProbability_TwoTeachers_IsTheMeanOfTheirTemperedSoftmaxMaxima()
    {
        // Teacher A: logits (0, ln 3) → max p = 3/4 at T = 1, √3 / (1 + √3) at T = 2. Teacher B: (0, 0) → 1/2.
        var confidence = TeacherConfidence.FromLogScores([[0f, MathF.Log(3)], [0f, 0f]], classes: 2);

        Assert.Equal((0.75 + 0.5) / 2, confidence.MeanMaxProbability(1), 6);
        Assert.Equal(((Math.Sqrt(3) / (1 + Math.Sqrt(3))) + 0.5) / 2, confidence.MeanMaxProbability(2), 6);
    }

    [Fact]
    public void TemperatureFor_ConfidentTeacher_IsTheTWhereTheMeanMaxReachesTheTarget()
    {
        // One row with logits (0, ln 9): max p at T is 9^(1/T) / (1 + 9^(1/T)); 3/4 needs 9^(1/T) = 3, so T = 2.
        var confidence = TeacherConfidence.FromLogScores([[0f, MathF.Log(9)]], classes: 2);

        Assert.Equal(2.0, confidence.TemperatureFor(0.75), 6);
        Assert.Equal(1.0, confidence.TemperatureFor(0.95));
    }

    [Fact]
    public void TemperatureFor_TeacherSureBeyondTheHighestT_StopsThere()
    {
        var confidence = TeacherConfidence.FromLogScores([[0f, 1000f]], classes: 2);

        Assert.Equal(TeacherConfidence.MaxTemperature, confidence.TemperatureFor());
    }
}
