namespace Hydra.Serving.Hosting;

/// <summary>Where <c>hydra serve</c> listens and which folder of models it serves.</summary>
public sealed class ServeOptions
{
    /// <summary>A folder of model folders: <c>{ModelsPath}/{modelId}/model.onnx + manifest.json</c>.</summary>
    public required string ModelsPath { get; init; }

    /// <summary>An IP address or "localhost".</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>Invalidate a model when its folder changes (otherwise only the manifest recheck interval applies).</summary>
    public bool WatchModels { get; init; } = true;
}
