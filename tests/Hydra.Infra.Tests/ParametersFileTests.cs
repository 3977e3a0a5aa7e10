namespace Hydra.Infra.Tests;

public sealed class ParametersFileTests
{
    [Fact]
    public void ParametersFile_WithoutEnvironment_DeploysCpuOnlyWithoutBlobSubscriptions()
    {
        var values = CompiledTemplate.ParameterValues;

        Assert.Equal("CPU", values.GetProperty("trainerCompute").GetProperty("value").GetString());
        Assert.Equal("", values.GetProperty("trainerImage").GetProperty("value").GetString());
        Assert.False(values.GetProperty("subscribeBlobEvents").GetProperty("value").GetBoolean());
    }

    [Fact]
    public void ParametersFile_Names_AreParametersOfMainBicep()
    {
        var declared = CompiledTemplate.Root.Template.GetProperty("parameters").EnumerateObject().Select(p
            => p.Name).ToHashSet();
        var given = CompiledTemplate.ParameterValues.EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Subset(declared, given);
        Assert.Contains("environmentName", given);
        Assert.Contains("location", given);
    }
}
