using System.Text;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Training.Tests;

/// <summary>
/// What a unit may write: only while its attempt holds the unit, and never over a committed checkpoint.
/// </summary>
public sealed class HeldUnitStoreTests : IDisposable
{
    private const string Weights = "checkpoints/job/members/0/model.safetensors";
    private const string Card = "checkpoints/job/members/0/model.json";
    private readonly TempDirectory _folder = new();
    private readonly FolderArtifactStore _inner;

    public HeldUnitStoreTests()
    {
        _inner = new FolderArtifactStore(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_WhileHolding_Writes()
    {
        await Store(holds: true).WriteAsync(Weights, Bytes("w1"), CancellationToken.None);

        Assert.Equal("w1", Text(await _inner.ReadAsync(Weights, CancellationToken.None)));
    }

    [Fact]
    public async Task WriteAsync_Superseded_ThrowsAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<UnitSupersededException>(() => Store(holds: false).WriteAsync(Weights,
            Bytes("w2"), CancellationToken.None));

        Assert.Contains(Weights, error.Message, StringComparison.Ordinal);
        Assert.False(await _inner.ExistsAsync(Weights, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_IntoACommittedCheckpoint_KeepsWhatIsThere()
    {
        await _inner.WriteAsync(Weights, Bytes("first weights"), CancellationToken.None);
        await _inner.WriteAsync(Card, Bytes("first card"), CancellationToken.None);
        var store = Store(holds: true);

        await store.WriteAsync(Weights, Bytes("second weights"), CancellationToken.None);
        await store.WriteAsync(Card, Bytes("second card"), CancellationToken.None);

        Assert.Equal("first weights", Text(await _inner.ReadAsync(Weights, CancellationToken.None)));
        Assert.Equal("first card", Text(await _inner.ReadAsync(Card, CancellationToken.None)));
    }

    [Fact]
    public async Task WriteAsync_OutsideCheckpoints_WritesAgain()
    {
        const string report = "reports/job/report.json";
        await _inner.WriteAsync(report, Bytes("old"), CancellationToken.None);

        await Store(holds: true).WriteAsync(report, Bytes("new"), CancellationToken.None);

        Assert.Equal("new", Text(await _inner.ReadAsync(report, CancellationToken.None)));
    }

    private HeldUnitStore Store(bool holds) => new(_inner, _ => Task.FromResult(holds), "job.member.0",
        NullLogger.Instance);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
