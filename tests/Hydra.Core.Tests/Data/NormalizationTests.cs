using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class NormalizationTests
{
    [Fact]
    public void Apply_SubtractsMeanAndDividesByStd()
    {
        float[] values = [0f, 0.5f, 1f];

        new Normalization(0.5f, 0.25f).Apply(values);

        Assert.Equal([-2f, 0f, 2f], values);
    }

    [Fact]
    public void Identity_LeavesValuesUnchanged()
    {
        float[] values = [0.1f, -3f, 7f];

        Normalization.Identity.Apply(values);

        Assert.Equal([0.1f, -3f, 7f], values);
    }

    [Fact]
    public void Apply_ZeroStd_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Normalization(0f, 0f).Apply(new float[1]));
    }
}
