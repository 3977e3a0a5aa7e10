using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hydra.Testing.Azurite;

/// <summary>
/// An Azurite (blob, queue, table) started for the test run from the repository's node_modules, on free loopback ports,
/// in memory, killed with its process tree on dispose. Missing Node.js or Azurite fails the tests with the fix to run:
/// CI installs both, so a silent skip would hide a broken set-up. With a data folder it persists there instead, and can
/// be stopped and started again on the same ports and data (the chaos run's storage outages).
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, the same in every emulator install).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<string> _output = [];
    private readonly string? _dataFolder;
    private Process? _process;
    private string? _workspace;

    /// <summary>In memory, in a temporary working folder deleted on dispose (the tests' shared server).</summary>
    public AzuriteServer()
    {
    }

    private AzuriteServer(string dataFolder)
    {
        _dataFolder = dataFolder;
    }

    /// <summary>
    /// A server persisted in <paramref name="dataFolder"/> (created if missing, kept on dispose). A factory, not a
    /// constructor: xUnit builds fixtures only from a type with a single public constructor.
    /// </summary>
    public static AzuriteServer Persistent(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        return new AzuriteServer(Path.GetFullPath(dataFolder));
    }

    public bool IsRunning => _process is { HasExited: false };

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>
    /// Account, key and explicit endpoints on the chosen ports (UseDevelopmentStorage=true means the fixed ports).
    /// </summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    public async Task InitializeAsync()
    {
        var script = AzuriteScript();
        _workspace = _dataFolder ?? Directory.CreateTempSubdirectory("hydra-azurite-").FullName;
        Directory.CreateDirectory(_workspace);
        for (var attempt = 1; ; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
            _process = Start(script);
            if (await WaitUntilListeningAsync(_process))
            {
                return;
            }

            // Another process may have taken a port between probing and binding: try fresh ports.
            Kill();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"Azurite did not start after {StartAttempts} attempts. Its output:\n{Output()}");
            }
        }
    }

    /// <summary>
    /// Stops the server as an operator would: SIGTERM (Azurite closes its servers and saves its data), then SIGKILL
    /// after <paramref name="grace"/>. Returns true when it stopped within the grace period.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process is null)
        {
            return true;
        }

        var graceful = true;
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                graceful = false;
            }
        }

        Kill();
        return graceful;
    }

    /// <summary>Starts the server again on the same ports (and, when persistent, the same data).</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }

        Kill();
        _process = Start(AzuriteScript());
        if (!await WaitUntilListeningAsync(_process))
        {
            Kill();
            throw new InvalidOperationException($"Azurite did not start again on its ports. Its output:\n{Output()}");
        }
    }

    public Task DisposeAsync()
    {
        Kill();
        if (_dataFolder is null && _workspace is not null && Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string AzuriteScript()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing). Run scripts/setup.sh (it runs 'npm ci' from "
                    + $"package.json) and try again.");
        }

        return script;
    }

    /// <summary>Walks up from the test binaries to the folder that holds HydraFunctions.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(
            AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HydraFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No HydraFunctions.sln above {AppContext.BaseDirectory}: cannot find node_modules/azurite.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string script)
    {
        // In memory there is no --location (Azurite refuses both); the temporary working folder catches any stray file.
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _dataFolder is null ? ["--inMemoryPersistence"] : ["--location", _dataFolder];
        string[] arguments =
        [
            script, .. persistence, "--skipApiVersionCheck", "--silent", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", Port(BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(TablePort),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "Node.js ('node') is not on PATH, so Azurite cannot start. Install Node.js and run scripts/setup.sh, "
                    + "then try again.", e);
        }

        // Drained continuously: a full pipe would block Azurite; the lines explain a failed start.
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> WaitUntilListeningAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited || deadline.Elapsed > StartTimeout)
                {
                    return false;
                }

                await Task.Delay(100);
            }
        }

        return true;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(40));
        }
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }
}
