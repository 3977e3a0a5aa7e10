using Hydra.Core.Resilience;
using Microsoft.Extensions.Options;

namespace Hydra.Core.Tests.Resilience;

public sealed class RetryPolicyTests
{
    private static readonly RetryOptions Quick = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(4),
        Budget = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task ExecuteAsync_TransientFailuresThenSuccess_ReturnsTheResultAfterThoseTries()
    {
        var calls = 0;
        var waits = new List<int>();
        var policy = new RetryPolicy(Quick, e => e is TimeoutException, retrying: (_, attempt, _) => waits.Add(
            attempt));

        var result = await policy.ExecuteAsync(_ => ++calls < 3 ? throw new TimeoutException() : Task.FromResult(42),
            CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, calls);
        Assert.Equal([1, 2], waits);
    }

    [Fact]
    public async Task ExecuteAsync_FailureThatWillNotPass_IsThrownAtOnce()
    {
        var calls = 0;
        var policy = new RetryPolicy(Quick, e => e is TimeoutException);

        await Assert.ThrowsAsync<InvalidOperationException>(() => policy.ExecuteAsync(_ =>
        {
            calls++;
            throw new InvalidOperationException("a bug");
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ExecuteAsync_FailingEveryTime_GivesUpAfterMaxAttemptsWithTheLastFailure()
    {
        var calls = 0;
        var policy = new RetryPolicy(Quick, _ => true);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => policy.ExecuteAsync(_ =>
            throw new TimeoutException($"try {++calls}"), CancellationToken.None));

        Assert.Equal(4, calls);
        Assert.Equal("try 4", error.Message);
    }

    [Fact]
    public async Task ExecuteAsync_NextWaitWouldPassTheBudget_StopsTrying()
    {
        var calls = 0;
        var policy = new RetryPolicy(new RetryOptions
        {
            MaxAttempts = 100,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(1),
            Budget = TimeSpan.Zero,
        }, _ => true, random: new Random(3));

        await Assert.ThrowsAsync<TimeoutException>(() => policy.ExecuteAsync(_ =>
            throw new TimeoutException($"try {++calls}"), CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelled_IsNotRetried()
    {
        using var cancel = new CancellationTokenSource();
        var calls = 0;
        var policy = new RetryPolicy(Quick, _ => true);

        await Assert.ThrowsAsync<OperationCanceledException>(() => policy.ExecuteAsync(token =>
        {
            calls++;
            cancel.Cancel();
            token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }, cancel.Token));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Delay_IsFullJitterUnderADoublingCeiling()
    {
        var options = new RetryOptions
        {
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromMilliseconds(350),
        };
        var policy = new RetryPolicy(options, _ => true, random: new Random(11));
        var same = new Random(11);

        var delays = Enumerable.Range(1, 4).Select(policy.Delay).ToList();

        // Ceilings 100, 200, 350 (capped from 400), 350 ms; each wait a uniform fraction of its ceiling (to the tick).
        double[] ceilings = [100, 200, 350, 350];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(same.NextDouble() * ceilings[i], delays[i].TotalMilliseconds, 3);
        }
    }

    [Fact]
    public void Constructor_MaxDelayBelowBaseDelay_NamesTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new RetryPolicy(new RetryOptions
        {
            BaseDelay = TimeSpan.FromSeconds(2),
            MaxDelay = TimeSpan.FromSeconds(1),
        }, _ => true));

        Assert.Equal("Hydra:Retry:MaxDelay (env Hydra__Retry__MaxDelay) is 00:00:01, but must be at least BaseDelay "
            + "(00:00:02).", Assert.Single(error.Failures));
    }
}
