using Hydra.Core.Models;

namespace Hydra.Onnx.Graph;

/// <summary>What the exported graph's metadata says about the model; <paramref name="Kind"/> is member, kd, hydra or ensemble.</summary>
internal sealed record ModelDescription(
    string ModelId,
    string Kind,
    ModelTask Task,
    int Heads,
    IReadOnlyList<string> Classes,
    InputSpec Input,
    string SourceSha256,
    string ExporterVersion);
