using System.Reflection;

namespace Hydra.Serving.Http;

/// <summary>
/// Open Inference Protocol server metadata (<c>GET /v2</c>): the server's name, version and extensions.
/// </summary>
public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions)
{
    public const string ServerName = "hydra";

    /// <summary>
    /// This build: its informational version without the source-control suffix ("1.0.0", not "1.0.0+abc").
    /// </summary>
    public static ServerMetadataResponse Current { get; } = new(ServerName, BuildVersion(), [BinaryTensors.Extension]);

    private static string BuildVersion()
    {
        var version = typeof(ServerMetadataResponse).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
