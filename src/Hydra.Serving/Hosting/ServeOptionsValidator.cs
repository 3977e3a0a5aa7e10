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
    }
}
