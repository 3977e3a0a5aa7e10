using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hydra.Cli.Tests;

/// <summary>Runs the built <c>hydra</c> program (hydra.dll next to the tests) as a real process.</summary>
internal static class HydraProcess
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (settings such as Hydra__Worker__IdleExitSeconds).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string,
        string> environment,
        params string[] args)
    {
        var info = StartInfo(args, redirect: true);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running command (e.g. serve); its output goes to the test's console.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args, redirect: false))!;

    /// <summary>A loopback port that is free now (for a server the test starts next).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls GET <paramref name="path"/> until it succeeds; fails when the server exits or after a minute.
    /// </summary>
    public static async Task WaitUntilAnswersAsync(HttpClient http, Process server, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(path, UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
            }

            Assert.True(DateTime.UtcNow < deadline && !server.HasExited, $"hydra did not answer {path}");
            await Task.Delay(200);
        }
    }

    private static ProcessStartInfo StartInfo(string[] args, bool redirect)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hydra.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
