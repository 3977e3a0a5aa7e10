namespace Hydra.Cli.Tests;

/// <summary>
/// <c>hydra worker</c> refuses bad settings at start: exit code 2 and one line that names the setting.
/// </summary>
public sealed class WorkerCommandTests
{
    [Fact]
    public async Task Worker_BadIdleExitInTheEnvironment_ExitsWith2AndOneLineNamingTheSetting()
    {
        var environment = new Dictionary<string, string> { ["Hydra__Worker__IdleExitSeconds"] = "-3" };

        var (exit, _, error) = await HydraProcess.RunAsync(environment, "worker");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: Hydra:Worker:IdleExitSeconds (env Hydra__Worker__IdleExitSeconds) is -3, but must be 0 "
            + "(never exit "
            + "when idle) or a number of seconds above 0.", line);
    }

    [Fact]
    public async Task Worker_BadDataLimitInTheEnvironment_ExitsWith2AndOneLineNamingTheSetting()
    {
        var environment = new Dictionary<string, string> { ["Hydra__Data__Limits__MaxInflatedBytes"] = "0" };

        var (exit, _, error) = await HydraProcess.RunAsync(environment, "worker");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: Hydra:Data:Limits:MaxInflatedBytes (env Hydra__Data__Limits__MaxInflatedBytes) is 0, but "
            + "must be at least 1.", line);
    }

    [Fact]
    public async Task Worker_SettingThatIsNotANumber_ExitsWith2AndOneLineNamingTheSetting()
    {
        var environment = new Dictionary<string, string> { ["Hydra__Worker__ProgressSeconds"] = "often" };

        var (exit, _, error) = await HydraProcess.RunAsync(environment, "worker");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("'Hydra:Worker:ProgressSeconds'", line, StringComparison.Ordinal);
        Assert.Contains("often", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_UnknownDeviceOnTheCommandLine_ExitsWith2NamingTheSettingAndTheChoices()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("worker", "--device", "tpu");

        Assert.Equal(2, exit);
        Assert.Equal("error: Hydra:Worker:Device (env Hydra__Worker__Device) is 'tpu', but must be auto, cpu or cuda.",
            error.Trim());
    }
}
