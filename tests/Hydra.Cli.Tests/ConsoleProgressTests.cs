using Hydra.Training.Pipeline;

namespace Hydra.Cli.Tests;

public class ConsoleProgressTests
{
    [Fact]
    public void Report_RedirectedOutput_WritesOneLinePerQuarterOfAPhase()
    {
        using var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: false);

        for (var done = 100; done <= 1000; done += 100)
        {
            progress.Report(new TrainingProgress("kd", done / 100, 10, done, 1000, 500, 0.1,
                TimeSpan.FromSeconds(done / 500.0)));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("kd ", l, StringComparison.Ordinal));
        Assert.Contains("100 %", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_HalfWay_ShowsHalfABarTheRateAndTheEta()
    {
        var line = ConsoleProgress.Format(new TrainingProgress("member 1/5", 5, 10, 30_000, 60_000, 10_000, 0.25,
            TimeSpan.FromSeconds(3)));

        Assert.Contains(new string('█', 12) + new string('░', 12), line, StringComparison.Ordinal);
        Assert.Contains("10,000 samples/s", line, StringComparison.Ordinal);
        Assert.Contains("ETA  0:03", line, StringComparison.Ordinal);
        Assert.Contains("epoch   5/10", line, StringComparison.Ordinal);
    }
}
