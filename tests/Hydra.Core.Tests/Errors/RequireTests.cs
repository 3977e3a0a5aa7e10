using Hydra.Core.Errors;

namespace Hydra.Core.Tests.Errors;

public sealed class RequireTests
{
    [Fact]
    public void AtLeast_BelowTheMinimum_NamesTheOptionTheBoundAndTheValue()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Require.AtLeast(0, 1, "--members"));

        Assert.Equal("--members must be at least 1 (got 0).", error.Message);
        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
    }

    [Theory]
    [InlineData(0.0, "LearningRate must be a finite number above 0 (got 0).")]
    [InlineData(-0.5, "LearningRate must be a finite number above 0 (got -0.5).")]
    [InlineData(double.NaN, "LearningRate must be a finite number above 0 (got NaN).")]
    public void Positive_NotAbove0_IsRejectedWithTheValue(double value, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Require.Positive(value, "LearningRate"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(1.5, "ShuffleFraction must lie in [0, 1] (got 1.5).")]
    [InlineData(double.NaN, "ShuffleFraction must lie in [0, 1] (got NaN).")]
    public void Between_OutsideTheRange_IsRejected(double value, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Require.Between(value, 0, 1, "ShuffleFraction"));

        Assert.Equal(message, error.Message);
    }
}
