using Hydra.Core.Models;
using Hydra.Core.Reports;

namespace Hydra.Cli.Tests;

/// <summary><c>hydra data inspect</c> and <c>hydra run</c> on a user's CSV with string labels.</summary>
public sealed class TableCommandTests : IDisposable
{
    private static readonly string[] Colours = ["red", "green", "blue"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InspectThenRun_CsvWithStringLabels_TrainsAClassifierFromTheDraftedDatasetJson()
    {
        // 60 rows: an id, two numbers, a colour, and the label "high" when x + y > 0 else "low".
        var random = new Random(5);
        var rows = Enumerable.Range(0, 60).Select(i => (X: random.NextDouble() - 0.5, Y: random.NextDouble() - 0.5,
            Colour: Colours[i % 3])).Select((r, i) => FormattableString.Invariant(
                $"c{i},{r.X:F4},{r.Y:F4},{r.Colour},{(r.X + r.Y > 0 ? "high" : "low")}"));
        var csv = _dir.File("points.csv");
        File.WriteAllLines(csv, ["id,x,y,colour,label", .. rows]);
        var json = _dir.File("dataset.json");
        var output = _dir.File("run");

        var (inspectExit, inspected, inspectError) = await HydraProcess.RunAsync("data", "inspect", csv, "--write",
            json);
        var (runExit, ran, runError) = await HydraProcess.RunAsync("run", "--dataset", json, "--members", "2",
            "--member-epochs", "2", "--kd-epochs", "1", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "1",
            "--no-hydra-plus", "--device", "cpu", "--output", output);

        Assert.True(inspectExit == 0, inspectError);
        Assert.Contains("points.csv: 60 rows, 5 columns", inspected, StringComparison.Ordinal);
        Assert.Contains("Columns left out: id", inspected, StringComparison.Ordinal);
        Assert.True(runExit == 0, runError);
        Assert.Contains("class_counts: high=", ran, StringComparison.Ordinal);
        Assert.Contains("No OOD set was given", ran, StringComparison.Ordinal);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Equal("points", report.Dataset);
        var card = ModelCard.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "hydra", "model.json")));
        Assert.Equal(["high", "low"], card.Classes!);
        Assert.Equal(["x", "y", "colour"], card.Input.Columns!.FeatureNames);
        Assert.Equal(["blue", "green", "red"], card.Input.Columns.Columns[2].Categories!);
        Assert.Equal([5], card.Input.Shape);
    }

    [Fact]
    public async Task Run_IntegerLabelsWithoutTask_StopsAndAsksForTheTask()
    {
        var csv = _dir.File("ints.csv");
        File.WriteAllLines(csv, ["x,y", .. Enumerable.Range(0, 10).Select(i => $"{i},{i % 2}")]);

        var (exit, _, error) = await HydraProcess.RunAsync("run", "--dataset", csv, "--target", "y", "--output",
            _dir.File("run"));

        Assert.Equal(2, exit);
        Assert.Contains("give --task classification (each integer a class) or --task regression", error,
            StringComparison.Ordinal);
    }
}
