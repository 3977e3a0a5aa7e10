using System.Net;
using Hydra.Core.Configuration;

namespace Hydra.Serving.Hosting;

/// <summary>What each <see cref="ServeOptions"/> value may be.</summary>
public sealed class ServeOptionsValidator() : SettingsValidator<ServeOptions>(ServeOptions.SectionName)
{
    protected override IEnumerable<string> Failures(ServeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelsPath) || !Directory.Exists(options.ModelsPath)
            || Path.GetDirectoryName(Path.GetFullPath(options.ModelsPath).TrimEnd(Path.DirectorySeparatorChar)) is null)
        {
            yield return Failure(nameof(options.ModelsPath), options.ModelsPath,
                "an existing folder of models other than the file system root (hydra serve --models)");
        }

        if (options.Host != "localhost" && !IPAddress.TryParse(options.Host, out _))
        {
            yield return Failure(nameof(options.Host), options.Host, "an IP address or localhost (hydra serve --host)");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            yield return Failure(nameof(options.Port), options.Port,
                "between 0 (any free port) and 65535 (hydra serve --port)");
        }
        else if (options.Port == 0 && options.Host == "localhost")
        {
            // Kestrel cannot pick one free port for both of localhost's addresses.
            yield return Failure(nameof(options.Port), options.Port,
                "a fixed port when Host is localhost (or use 127.0.0.1)");
        }

        foreach (var failure in AuthenticationFailures(options))
        {
            yield return failure;
        }
    }

    // The key itself is never part of a message: failures name the file or the setting, not its value.
    private IEnumerable<string> AuthenticationFailures(ServeOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.ApiKeyFile))
        {
            yield return Failure(nameof(options.ApiKeyFile), options.ApiKeyFile,
                "unset when ApiKey is set (give the key one way)");
        }
        else if (!string.IsNullOrEmpty(options.ApiKeyFile) && KeyFileProblem(options) is { } problem)
        {
            yield return Failure(nameof(options.ApiKeyFile), options.ApiKeyFile,
                $"a readable file holding the API key ({problem}) (hydra serve --api-key-file)");
        }

        var keyed = ServeApiKey.IsConfigured(options);
        if (keyed && options.NoAuth)
        {
            yield return Failure(nameof(options.NoAuth), options.NoAuth,
                "false when an API key is configured (drop --no-auth or the key)");
        }
        else if (!keyed && !options.NoAuth && !ServeApiKey.IsLoopback(options.Host))
        {
            yield return Failure(nameof(options.Host), options.Host,
                "a loopback address unless an API key is set (env Hydra__Serve__ApiKey or hydra serve "
                + "--api-key-file), or --no-auth is passed to serve this address to anyone who can reach it");
        }
    }

    private static string? KeyFileProblem(ServeOptions options)
    {
        try
        {
            return string.IsNullOrEmpty(ServeApiKey.Read(options)) ? "it is empty" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
