using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace Hydra.Serving.Tests;

public sealed class ModelRegistryTests : IDisposable
{
    private static readonly float[] Row = [0.5f, -1f, 2f, 3f];

    private readonly TempDirectory _folder = new();

    public ModelRegistryTests()
    {
        new TinyClassifier().Write(Path.Combine(_folder.Path, "models"), "alpha");
        new TinyClassifier(scale: 2f).Write(Path.Combine(_folder.Path, "models"), "beta");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AcquireAsync_SameNameTwice_ReusesOneSession()
    {
        using var registry = CreateRegistry();

        using var first = await registry.AcquireAsync("alpha", CancellationToken.None);
        using var second = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.Same(first.Model, second.Model);
        Assert.Equal(1, registry.LoadedCount);
    }

    [Theory]
    [InlineData("gamma")]
    [InlineData("..")]
    [InlineData("alpha/../beta")]
    [InlineData("")]
    public async Task AcquireAsync_UnknownOrPathLikeName_ThrowsModelNotFound(string name)
    {
        using var registry = CreateRegistry();

        await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.AcquireAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task AcquireAsync_BeyondCapacity_EvictsAndDisposesLeastRecentlyUsed()
    {
        using var registry = CreateRegistry(capacity: 1);
        ScoringModel alpha;
        using (var lease = await registry.AcquireAsync("alpha", CancellationToken.None))
        {
            alpha = lease.Model;
        }

        using var beta = await registry.AcquireAsync("beta", CancellationToken.None);

        Assert.True(alpha.IsDisposed);
        Assert.False(beta.Model.IsDisposed);
        Assert.Equal(1, registry.LoadedCount);
    }

    [Fact]
    public async Task AcquireAsync_EvictedWhileLeased_DisposesOnlyAfterLastLeaseEnds()
    {
        using var registry = CreateRegistry(capacity: 1);
        var alphaLease = await registry.AcquireAsync("alpha", CancellationToken.None);

        using var beta = await registry.AcquireAsync("beta", CancellationToken.None);
        var scoredWhileEvicted = alphaLease.Model.Score([Row]);
        var disposedWhileLeased = alphaLease.Model.IsDisposed;
        var alpha = alphaLease.Model;
        alphaLease.Dispose();

        Assert.Equal(1, scoredWhileEvicted.Rows);
        Assert.False(disposedWhileLeased);
        Assert.True(alpha.IsDisposed);
    }

    [Fact]
    public async Task AcquireAsync_ManyConcurrentScorers_AllGetIdenticalResultsFromOneSession()
    {
        using var registry = CreateRegistry();
        using var reference = await registry.AcquireAsync("alpha", CancellationToken.None);
        var expected = reference.Model.Score([Row]).Get(GraphNames.Probabilities).AsFloats();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using var lease = await registry.AcquireAsync("alpha", CancellationToken.None);
            return (lease.Model, Probabilities: lease.Model.Score([Row]).Get(GraphNames.Probabilities).AsFloats());
        })));

        Assert.All(results, r => Assert.Same(reference.Model, r.Model));
        Assert.All(results, r => Assert.Equal(expected, r.Probabilities));
    }

    [Fact]
    public async Task AcquireAsync_ConcurrentFirstRequests_LoadTheModelOnce()
    {
        using var registry = CreateRegistry();

        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(()
            => registry.AcquireAsync("beta", CancellationToken.None))));

        Assert.Single(leases.Select(l => l.Model).Distinct());
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task Invalidate_ModelReExportedWithNewWeights_ServesTheNewVersion()
    {
        using var registry = CreateRegistry();
        using var before = await registry.AcquireAsync("alpha", CancellationToken.None);
        new TinyClassifier(scale: 3f).Write(Path.Combine(_folder.Path, "models"), "alpha");

        registry.Invalidate("alpha");
        using var after = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.NotEqual(before.Model.Version, after.Model.Version);
        var expected = new TinyClassifier(scale: 3f).Compute(Row).Probabilities;
        var actual = after.Model.Score([Row]).Get(GraphNames.Probabilities).AsFloats();
        Assert.Equal(expected[0], actual[0], 5);
    }

    [Fact]
    public async Task Invalidate_ManifestUnchanged_KeepsTheLoadedSession()
    {
        using var registry = CreateRegistry();
        using var before = await registry.AcquireAsync("alpha", CancellationToken.None);

        registry.Invalidate("alpha");
        using var after = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.Same(before.Model, after.Model);
    }

    [Fact]
    public async Task AcquireAsync_ManifestChangedWithinTheRecheckInterval_KeepsServingTheLoadedVersion()
    {
        var clock = new FakeTimeProvider();
        using var registry = CreateRegistry(clock: clock);
        using var before = await registry.AcquireAsync("alpha", CancellationToken.None);
        new TinyClassifier(scale: 3f).Write(Path.Combine(_folder.Path, "models"), "alpha");

        // The interval is inclusive: the manifest is only read again once more than the interval has passed.
        clock.Advance(registry.Options.ManifestRecheckInterval);
        using var after = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.Same(before.Model, after.Model);
    }

    [Fact]
    public async Task AcquireAsync_ManifestChangedAndTheRecheckIntervalPassed_ServesTheNewVersion()
    {
        var clock = new FakeTimeProvider();
        using var registry = CreateRegistry(clock: clock);
        using var before = await registry.AcquireAsync("alpha", CancellationToken.None);
        new TinyClassifier(scale: 3f).Write(Path.Combine(_folder.Path, "models"), "alpha");

        clock.Advance(registry.Options.ManifestRecheckInterval + TimeSpan.FromTicks(1));
        using var after = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.NotEqual(before.Model.Version, after.Model.Version);
        var expected = new TinyClassifier(scale: 3f).Compute(Row).Probabilities;
        var actual = after.Model.Score([Row]).Get(GraphNames.Probabilities).AsFloats();
        Assert.Equal(expected[0], actual[0], 5);
    }

    [Fact]
    public async Task AcquireAsync_ManifestUnchangedAfterTheRecheckInterval_KeepsTheLoadedSession()
    {
        var clock = new FakeTimeProvider();
        using var registry = CreateRegistry(clock: clock);
        using var before = await registry.AcquireAsync("alpha", CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(5));
        using var after = await registry.AcquireAsync("alpha", CancellationToken.None);

        Assert.Same(before.Model, after.Model);
        Assert.Equal(1, registry.LoadedCount);
    }

    [Fact]
    public async Task ListNamesAsync_StoreWithModels_ListsFoldersWithManifests()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "models", "half-written"));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "models", "half-written", "model.onnx"), "");
        using var registry = CreateRegistry();

        var names = await registry.ListNamesAsync(CancellationToken.None);

        Assert.Equal(["alpha", "beta"], names);
    }

    [Fact]
    public async Task Dispose_WithIdleModels_DisposesTheirSessions()
    {
        var registry = CreateRegistry();
        ScoringModel alpha;
        using (var lease = await registry.AcquireAsync("alpha", CancellationToken.None))
        {
            alpha = lease.Model;
        }

        registry.Dispose();

        Assert.True(alpha.IsDisposed);
    }

    private ModelRegistry CreateRegistry(int capacity = 4, TimeProvider? clock = null) =>
        new(new FolderArtifactStore(_folder.Path), "models", new ScoringOptions { CacheCapacity = capacity },
            time: clock);
}
