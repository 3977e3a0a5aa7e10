using Hydra.Core.Architecture;
using Hydra.Core.Reports;
using Hydra.Core.Reports.SeedSets;

namespace Hydra.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "hydra-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Run_SmallSpirals_WritesCheckpointsAndAReportThatMatchesTheTables()
    {
        var (exit, output, error) = await HydraProcess.RunAsync("run", "--members", "2", "--member-epochs", "3",
            "--kd-epochs", "2",
            "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "2", "--train-limit", "600", "--test-limit", "300",
            "--device", "cpu", "--output", _output);

        Assert.True(exit == 0, error);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(_output, "report.json")));
        Assert.Equal("spirals", report.Dataset);
        Assert.Equal(2, report.Members);
        Assert.Equal(300, report.TestRows);
        Assert.Equal(["ensemble", "hydra", "hydra_plus", "kd", "member_mean"],
            report.Models!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["seams", "gaps", "annulus"], report.Ood.Keys);
        Assert.Equal("seams", report.FeaturedOod);
        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            Assert.True(File.Exists(Path.Combine(_output, folder, "model.json")), $"{folder}/model.json missing");
            Assert.True(File.Exists(Path.Combine(_output, folder, "model.safetensors")),
                $"{folder}/model.safetensors missing");
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(_output, "report.md"));
        var hydraRow = $"| hydra | {report.Models!["hydra"].Accuracy:F4} |";
        Assert.Contains(hydraRow, markdown, StringComparison.Ordinal);
        Assert.Contains(hydraRow, output, StringComparison.Ordinal);
        Assert.Contains("samples/s", output, StringComparison.Ordinal);
        Assert.Contains("- **annulus**, known failure:", markdown, StringComparison.Ordinal);
        AssertSummaryEndsTheOutput(report, output);
    }

    [Fact]
    public async Task Run_StudentArch_TrainsTheStudentsWithItsHeadsAndSaysSo()
    {
        Directory.CreateDirectory(_output);
        var members = ArchitecturePresets.ToyMlp(2, 3);
        var wide = new ArchitectureSpec("toy-mlp-head128", [2], members.Body,
            [new LinearLayer(64, 128), new ReluLayer(), new LinearLayer(128, 3)]);
        var specFile = Path.Combine(_output, "wide.json");
        await File.WriteAllTextAsync(specFile, wide.ToJson());
        var run = Path.Combine(_output, "run");

        var (exit, output, error) = await HydraProcess.RunAsync("run", "--members", "2", "--member-epochs", "1",
            "--kd-epochs", "1", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "1", "--no-hydra-plus",
            "--train-limit", "300", "--test-limit", "120", "--device", "cpu", "--student-arch", specFile,
            "--output", run);

        Assert.True(exit == 0, error);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "report.json")));
        Assert.Equal(("toy-mlp-head128", "toy-mlp"), (report.Architecture, report.MemberArchitecture));
        Assert.Equal((members.Parameters(1), wide.Parameters(2)), (report.Cost.ParamsMember, report.Cost.ParamsHydra));
        Assert.Contains("Architecture: members toy-mlp (6,531 parameters each), students toy-mlp-head128", output,
            StringComparison.Ordinal);
        Assert.StartsWith("# Hydra run: spirals, toy-mlp-head128 (members toy-mlp), M = 2",
            await File.ReadAllTextAsync(Path.Combine(run, "report.md")), StringComparison.Ordinal);
    }

    /// <summary>The summary comes after the full report and repeats its figures for the featured set.</summary>
    private void AssertSummaryEndsTheOutput(RunReport report, string output)
    {
        var summary = output[output.LastIndexOf("Summary: spirals, M = 2.", StringComparison.Ordinal)..];
        Assert.True(summary.Length < output.Length - 100, "the summary is missing or comes first");
        var hydra = Assert.Single(summary.Split('\n'), l => l.StartsWith("hydra ", StringComparison.Ordinal));
        var seams = report.Ood["seams"];
        var share = (seams["hydra"].AurocEpistemic - 0.5) / (seams["ensemble"].AurocEpistemic - 0.5);
        var cost = (double)report.Cost.MacsHydra / report.Cost.MacsEnsemble;
        Assert.Contains(FormattableString.Invariant($"{report.Models!["hydra"].Accuracy:F4}"), hydra,
            StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"{seams["hydra"].AurocEpistemic:F3}"), hydra,
            StringComparison.Ordinal);
        if (seams["ensemble"].AurocEpistemic > 0.5)
        {
            Assert.Contains(FormattableString.Invariant($"{share * 100:F0} %"), hydra, StringComparison.Ordinal);
        }

        Assert.EndsWith(FormattableString.Invariant($"{cost:F2}×"), hydra.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"Full report: {Path.Combine(Path.GetFullPath(_output), "report.md")}", summary,
            StringComparison.Ordinal);
        Assert.Contains("Plots: reliability.png, epistemic-*.png, scatter-*.png", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoSeedSets_WritesEachSetAndASummaryOfTheirFigures()
    {
        string[] args = ["run", "--members", "2", "--member-epochs", "2", "--kd-epochs", "1", "--hydra-phase1-epochs",
            "1",
            "--hydra-phase2-epochs", "1", "--no-hydra-plus", "--train-limit", "300", "--test-limit", "120", "--device",
                "cpu",
            "--seed-sets", "2", "--output", _output];

        var (exit, _, error) = await HydraProcess.RunAsync(args);
        var first = await File.ReadAllTextAsync(Path.Combine(_output, "report.json"));
        var weights = Path.Combine(_output, "set-1", "members", "1", "model.safetensors");
        var written = File.GetLastWriteTimeUtc(weights);
        var (again, _, _) = await HydraProcess.RunAsync(args);

        Assert.True(exit == 0, error);
        Assert.Equal(0, again);
        var summary = SeedSetReport.FromJson(first);
        var sets = new[] { "set-0", "set-1" }
            .Select(f => RunReport.FromJson(File.ReadAllText(Path.Combine(_output, f, "report.json")))).ToList();
        Assert.Equal([0, 1], sets[0].Seeds);
        Assert.Equal([2, 3], sets[1].Seeds);
        Assert.Equal(sets.Average(r => r.Models!["hydra"].Accuracy), summary.Models!["hydra"].Accuracy.Mean, 12);
        Assert.Equal(sets.Min(r => r.Ood["gaps"]["ensemble"].AurocEpistemic),
            summary.Ood["gaps"]["ensemble"].AurocEpistemic.Min, 12);
        // The second run resumes from every checkpoint (none rewritten) and gives the same figures.
        Assert.Equal(written, File.GetLastWriteTimeUtc(weights));
        var resumed = SeedSetReport.FromJson(await File.ReadAllTextAsync(Path.Combine(_output, "report.json")));
        Assert.Equal(summary.Models!["hydra"], resumed.Models!["hydra"]);
        Assert.Equal(summary.Fidelity["hydra"]["gaps"], resumed.Fidelity["hydra"]["gaps"]);
        // One pair of ensembles, compared on the test rows and each OOD set; re-evaluated alike on resuming.
        var agreement = summary.EnsembleAgreement!;
        Assert.Equal(["annulus", "gaps", "seams", "test"], agreement.Keys.Order(StringComparer.Ordinal));
        Assert.All(agreement.Values, a => Assert.True(a.Count == 1 && a.Mean is >= -1 and <= 1, $"{a}"));
        Assert.Equal(agreement["seams"], resumed.EnsembleAgreement!["seams"]);
        Assert.Contains($"| seams | {SeedSetMarkdown.S(agreement["seams"])} |",
            await File.ReadAllTextAsync(Path.Combine(_output, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ZeroSeedSets_IsAUsageError()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--seed-sets", "0", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Contains("--seed-sets must be at least 1 (got 0)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ZeroMembers_IsAUsageErrorNamingTheOption()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--members", "0", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --members must be at least 1 (got 0).", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_UnknownSyntheticFamily_IsAUsageErrorNamingTheOptionBeforeAnyDataLoads()
    {
        var (exit, output, error) = await HydraProcess.RunAsync("run", "--plus-families", "noisy,wobble",
            "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --plus-families: Unknown synthetic family 'wobble'; known: noisy, blend, cutmix, scale, "
            + "turn.", error.Trim());
        Assert.DoesNotContain("Loading", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_PooledMixedRecipeWithFamilies_IsAUsageErrorNamingThem()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--plus-recipe", "pooled-mixed", "--plus-families",
            "noisy,blend", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --plus-recipe pooled-mixed sets --plus-families; give either the recipe or those flags.",
            error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_PooledRecipeWithItsOwnFlags_IsAUsageErrorNamingThem()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--plus-recipe", "pooled", "--plus-pool", "100",
            "--plus-phase2-epochs", "3", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --plus-recipe pooled sets --plus-pool, --plus-phase2-epochs; give either the recipe or "
            + "those flags.", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_OffManifoldTemperatureOutOfRange_IsAUsageErrorNamingTheOption()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--plus-temperature", "50", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --plus-temperature must lie in [0.1, 20] (got 50).", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Theory]
    [InlineData("--plus-feature-mix", "-1", "error: --plus-feature-mix must lie in [0, 16] (got -1).")]
    [InlineData("--plus-feature-mix-spread", "3", "error: --plus-feature-mix-spread must lie in [0, 2] (got 3).")]
    [InlineData("--plus-feature-mix", "0.5",
        "error: --plus-feature-mix needs a pool: give --plus-pool or a pooled --plus-recipe.")]
    public async Task Run_FeatureMixOutOfRangeOrWithoutAPool_IsAUsageErrorNamingTheOption(string flag, string value,
        string expected)
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", flag, value, "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_StudentHeadWidthBelowOne_IsAUsageErrorNamingTheOption()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--student-head-width", "0", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --student-head-width must be at least 1 (got 0).", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_StudentHeadWidthOnAHeadWithoutHiddenLayers_SaysSoBeforeTraining()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--dataset", "toy-regression", "--student-head-width",
            "64", "--output", _output);

        Assert.NotEqual(0, exit);
        Assert.Contains("The head of 'regression-mlp' is not Linear layers with a hidden layer", error,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_output, "members")));
    }

    [Fact]
    public async Task Run_UnknownRecipe_IsAUsageError()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--plus-recipe", "fast", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: --plus-recipe: unknown recipe 'fast'; one of: per-batch, pooled, pooled-mixed.",
            error.Trim());
    }

    [Fact]
    public async Task Run_MissingDatasetFile_SaysTheFileDoesNotExistAndNamesTheBuiltInOnes()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--dataset", "./missing.csv", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: Dataset file './missing.csv' does not exist. Known datasets: spirals, fashion-mnist, "
            + "fashion-mnist-selection, toy-regression, boston, diabetes, or the path of a table (CSV, Parquet, NPZ, "
            + "NPY), an image folder, IDX images or a dataset.json.", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_UnknownDataset_ExitsWithUsageErrorNamingTheKnownOnes()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--dataset", "imagenet", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: Unknown dataset 'imagenet'. Known datasets: spirals, fashion-mnist, "
            + "fashion-mnist-selection, toy-regression, boston, diabetes, or the path of a table (CSV, Parquet, NPZ, "
            + "NPY), an image folder, IDX images or a dataset.json.", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_InvalidSpecFile_ExitsWithTheLayerError()
    {
        Directory.CreateDirectory(_output);
        var spec = Path.Combine(_output, "spec.json");
        await File.WriteAllTextAsync(spec, """
            {"name":"x","input_shape":[2],"body":[{"type":"linear","in":3,"out":4}],"head":[{"type":"linear","in":4,
            "out":3}]}
            """);

        var (exit, _, error) = await HydraProcess.RunAsync("run", "--arch", spec, "--output", Path.Combine(_output,
            "run"));

        Assert.Equal(2, exit);
        Assert.Contains("body[0] (linear): expects 3 input features but receives 2", error, StringComparison.Ordinal);
    }
}
