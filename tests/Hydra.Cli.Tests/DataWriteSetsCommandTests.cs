using Hydra.Core.Data;

namespace Hydra.Cli.Tests;

/// <summary><c>hydra data write-sets</c>: a dataset's test and OOD rows as .npy files that read back as
/// loaded.</summary>
public sealed class DataWriteSetsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteSets_Spirals_WritesTheTestRowsLabelsAndEveryOodSetAsTheLoaderGivesThem()
    {
        var folder = _dir.File("sets");

        var (exit, output, error) = await HydraProcess.RunAsync("data", "write-sets", "spirals", "-o", folder);

        Assert.True(exit == 0, error);
        var bundle = DatasetCatalog.Load("spirals", new DataOptions());
        Assert.Equal(["annulus.npy", "gaps.npy", "seams.npy", "test-labels.npy", "test.npy"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (name, set) in bundle.Ood.Append(new("test", bundle.Test)))
        {
            var array = NpyReader.Read(Path.Combine(folder, name + ".npy"));
            Assert.Equal([set.Count, .. set.RowShape], array.Shape);
            Assert.Equal(set.Features, array.Values);
        }

        var labels = NpyReader.Read(Path.Combine(folder, "test-labels.npy"));
        Assert.Equal(bundle.Test.Labels!.Select(l => (float)l), labels.Values);
        Assert.Contains(FormattableString.Invariant($"test.npy ({bundle.Test.Count:N0} rows of [2])"), output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteSets_UnknownDataset_FailsWithoutWritingAnything()
    {
        var folder = _dir.File("none");

        var (exit, _, error) = await HydraProcess.RunAsync("data", "write-sets", "no-such-data", "-o", folder);

        Assert.NotEqual(0, exit);
        Assert.Contains("no-such-data", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
