using Hydra.Core.Models;

namespace Hydra.Serving.Http;

/// <summary>
/// What <c>GET /api/models</c> tells about a model, from its manifest (no session is loaded for this).
/// </summary>
public sealed record ModelSummary(
    string Name,
    string ModelId,
    string Kind,
    ModelTask Task,
    int Heads,
    IReadOnlyList<string>? Classes,
    InputSpec Input,
    IReadOnlyDictionary<string, double>? Metrics,
    ParityReport? Parity,
    DateTimeOffset? Created,
    string OnnxSha256)
{
    public static ModelSummary From(string name, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(name, manifest.ModelId, manifest.Kind, manifest.Task, manifest.Heads, manifest.Classes,
            manifest.Input,
            manifest.Metrics, manifest.Parity, manifest.Created, manifest.OnnxSha256);
    }
}
