namespace Hydra.Serving.Hosting;

/// <summary>
/// Where <c>hydra serve</c> listens and which folder of models it serves, bound from <c>Hydra:Serve</c> (the command's
/// flags are written over it); <see cref="ServeOptionsValidator"/> says what each value may be.
/// </summary>
public sealed class ServeOptions
{
    public const string SectionName = "Hydra:Serve";

    /// <summary>A folder of model folders: <c>{ModelsPath}/{modelId}/model.onnx + manifest.json</c>.</summary>
    public string ModelsPath { get; set; } = "";

    /// <summary>An IP address or "localhost".</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>
    /// Invalidate a model when its folder changes (otherwise only the manifest recheck interval applies).
    /// </summary>
    public bool WatchModels { get; set; } = true;

    /// <summary>
    /// The key callers send as <c>Authorization: Bearer {key}</c> (env Hydra__Serve__ApiKey); never logged or echoed.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>A file whose content is the API key, a trailing newline ignored (hydra serve --api-key-file).</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>
    /// Serve a non-loopback address without an API key (hydra serve --no-auth): only behind something that
    /// authenticates callers itself.
    /// </summary>
    public bool NoAuth { get; set; }
}
