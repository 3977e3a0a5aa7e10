using System.Net;

namespace Hydra.Serving.Hosting;

/// <summary>Where <c>hydra serve</c>'s API key comes from, and when one is required.</summary>
public static class ServeApiKey
{
    /// <summary>
    /// Whether <paramref name="host"/> is reachable only from this machine ("localhost", 127.0.0.1, ::1).
    /// </summary>
    public static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Whether requests must carry the key: one is configured, in the settings or in a file.</summary>
    public static bool IsConfigured(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.ApiKey) || !string.IsNullOrEmpty(options.ApiKeyFile);
    }

    /// <summary>The configured key (the file's content without its trailing newline), or null when none is.</summary>
    /// <exception cref="IOException">The key file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The key file may not be read.</exception>
    public static string? Read(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return options.ApiKey;
        }

        return string.IsNullOrEmpty(options.ApiKeyFile)
            ? null
            : File.ReadAllText(options.ApiKeyFile).TrimEnd('\n').TrimEnd('\r');
    }
}
