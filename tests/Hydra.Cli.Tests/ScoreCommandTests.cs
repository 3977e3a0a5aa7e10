using Hydra.Core.Architecture;
namespace Hydra.Cli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hydra-cli-score-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Score_CsvFieldNotANumber_ExitsWithUsageErrorNamingLineColumnAndValue()
    {
        await TestCheckpoints.WriteMembersAsync(Path.Combine(_root, "run"), ArchitecturePresets.ToyMlp(2, 3), 1);
        var model = Path.Combine(_root, "models", "toy");
        var (exported, _, exportError) = await HydraProcess.RunAsync("export", "--checkpoint",
            Path.Combine(_root, "run", "members", "0"), "--output", model);
        var input = Path.Combine(_root, "rows.csv");
        await File.WriteAllTextAsync(input, "x1,x2\n0.5,abc\n");

        var (exit, _, error) = await HydraProcess.RunAsync("score", "--model", model, "--input", input);

        Assert.True(exported == 0, exportError);
        Assert.Equal(2, exit);
        Assert.Equal("error: CSV line 2, column 'x2': 'abc' is not a number.", error.Trim());
    }

    [Fact]
    public async Task Score_MissingInputFile_ExitsWithUsageErrorNamingTheFile()
    {
        await TestCheckpoints.WriteMembersAsync(Path.Combine(_root, "run"), ArchitecturePresets.ToyMlp(2, 3), 1);
        var model = Path.Combine(_root, "models", "toy");
        await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(_root, "run", "members", "0"),
            "--output", model);
        var input = Path.Combine(_root, "missing.csv");

        var (exit, _, error) = await HydraProcess.RunAsync("score", "--model", model, "--input", input);

        Assert.Equal(2, exit);
        Assert.Equal($"error: Input file '{input}' does not exist.", error.Trim());
    }
}
