using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Hydra.Azure.Jobs;
using Hydra.Azure.Resilience;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Hydra.Core.Resilience;
using Hydra.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Azure.Tests.Resilience;

/// <summary>
/// The adapters through a storage outage: a persistent Azurite is stopped while calls are under way and started again
/// on the same data; with the retry policy every call completes and nothing written before or during is lost.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("hydra-outage-");
    private readonly AzuriteServer _azurite;

    public StorageOutageTests()
    {
        _azurite = AzuriteServer.Persistent(_data.Path);
    }

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task ResilientAdapters_StorageAwayForSeconds_RideItOutAndKeepEveryWrite()
    {
        var policy = StorageRetry.Policy(new RetryOptions
        {
            MaxAttempts = 50,
            BaseDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(2),
            Budget = TimeSpan.FromMinutes(2),
        }, NullLogger.Instance);
        var blobs = new ResilientArtifactStore(new BlobArtifactStore(new BlobServiceClient(
            _azurite.ConnectionString)), policy);
        var jobs = new ResilientJobStore(new TableJobStore(new TableServiceClient(_azurite.ConnectionString)), policy);
        var transport = new ResilientTrainerTransport(new StorageQueueTrainerTransport(new QueueServiceClient(
            _azurite.ConnectionString), new TrainerTransportOptions { QueueName = "outage-units" }), policy);
        await blobs.WriteAsync("checkpoints/job/before.txt", Encoding.UTF8.GetBytes("before"), None);
        await jobs.TryCreateAsync(TrainingJobStatus.Queued("outage-job", 1, 1, DateTimeOffset.UnixEpoch), None);
        await transport.SendAsync(TrainingWorkItem.Member("outage-job", 0), None);

        Assert.True(await _azurite.StopAsync(TimeSpan.FromSeconds(15)));
        var write = blobs.WriteAsync("checkpoints/job/during.txt", Encoding.UTF8.GetBytes("during"), None);
        var update = jobs.TransitionAsync("outage-job", s => s.StartMember(0, "w1", "w1/a"), TimeProvider.System,
            None);
        var receive = transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _azurite.StartAgainAsync();
        await Task.WhenAll(write, update, receive);

        Assert.Equal("before", Encoding.UTF8.GetString(await blobs.ReadAsync("checkpoints/job/before.txt", None)));
        Assert.Equal("during", Encoding.UTF8.GetString(await blobs.ReadAsync("checkpoints/job/during.txt", None)));
        Assert.True((await jobs.GetAsync("outage-job", None))!.HoldsMember(0, "w1/a"));
        Assert.Equal("outage-job.member.0", (await receive)!.MessageId);
    }

    [Fact]
    public async Task BlobArtifactStore_WithoutTheRetryPolicy_FailsWhileStorageIsAway()
    {
        var blobs = new BlobArtifactStore(new BlobServiceClient(_azurite.ConnectionString));
        await blobs.WriteAsync("checkpoints/job/before.txt", Encoding.UTF8.GetBytes("before"), None);

        Assert.True(await _azurite.StopAsync(TimeSpan.FromSeconds(15)));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => blobs.WriteAsync("checkpoints/job/during.txt",
            Encoding.UTF8.GetBytes("during"), None));

        Assert.True(StorageFaults.IsTransient(error));
    }
}
