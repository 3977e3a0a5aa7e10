using System.Diagnostics;

namespace Hydra.Cli.Tests;

/// <summary>
/// The real <c>hydra serve</c> process on a loopback port, serving a model trained and exported by the real commands.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hydra-serve-" + Guid.NewGuid().ToString("N"));
    public HttpClient Http { get; } = new();
    private Process? _server;

    public async Task InitializeAsync()
    {
        var run = Path.Combine(_root, "run");
        var (trained, _, trainError) = await HydraProcess.RunAsync("run", "--members", "3", "--member-epochs", "20",
            "--kd-epochs", "1",
            "--hydra-phase1-epochs", "5", "--hydra-phase2-epochs", "20", "--no-hydra-plus", "--train-limit", "900",
                "--test-limit", "100",
            "--device", "cpu", "--output", run);
        Assert.True(trained == 0, trainError);
        var (exported, _, exportError) = await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(run,
            "hydra"),
            "--output", Path.Combine(_root, "models", "spirals-hydra"));
        Assert.True(exported == 0, exportError);

        var port = HydraProcess.FreePort();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _server = HydraProcess.Start("serve", "--models", Path.Combine(_root, "models"), "--port",
            port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1");
        await HydraProcess.WaitUntilAnswersAsync(Http, _server, "/v2/health/ready");
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        Http.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
