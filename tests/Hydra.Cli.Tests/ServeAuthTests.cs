using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Hydra.Cli.Tests;

/// <summary><c>hydra serve</c>'s authentication flags through the real process (no model needed).</summary>
public sealed class ServeAuthTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hydra-serve-auth-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Serve_NonLoopbackWithoutAKeyOrNoAuth_RefusesToStartWithOneLineAndExit2()
    {
        var (exitCode, _, error) = await HydraProcess.RunAsync("serve", "--models", _root, "--host", "0.0.0.0",
            "--port", "0");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Hydra:Serve:Host (env Hydra__Serve__Host) is '0.0.0.0', but must be a loopback",
            line, StringComparison.Ordinal);
        Assert.Contains("--api-key-file", line, StringComparison.Ordinal);
        Assert.Contains("--no-auth", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ApiKeyFileOnAnyAddress_RequiresTheKeyButNotForHealth()
    {
        var keyFile = Path.Combine(_root, "key");
        await File.WriteAllTextAsync(keyFile, "k-123\n");
        var models = Directory.CreateDirectory(Path.Combine(_root, "models")).FullName;
        var port = HydraProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var server = HydraProcess.Start("serve", "--models", models, "--host", "0.0.0.0", "--port",
            port.ToString(CultureInfo.InvariantCulture), "--api-key-file", keyFile, "--no-watch");
        try
        {
            await HydraProcess.WaitUntilAnswersAsync(http, server, "/v2/health/live");
            using var keyed = new HttpRequestMessage(HttpMethod.Get, new Uri("/v2", UriKind.Relative));
            keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "k-123");

            var without = await http.GetAsync(new Uri("/v2", UriKind.Relative));
            var with = await http.SendAsync(keyed);
            var health = await http.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
            Assert.Equal(HttpStatusCode.OK, with.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
