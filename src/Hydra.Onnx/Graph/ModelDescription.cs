using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Onnx.Graph;

/// <summary>
/// What the exported graph's metadata says about the model; <paramref name="Kind"/> is member, kd, hydra, hydra_plus or
/// ensemble. <paramref name="TargetScaling"/> is set for regression (its outputs are mapped back to target units with
/// it).
/// </summary>
internal sealed record ModelDescription(
    string ModelId,
    string Kind,
    ModelTask Task,
    int Heads,
    IReadOnlyList<string> Classes,
    InputSpec Input,
    string SourceSha256,
    string ExporterVersion,
    TargetScaling? TargetScaling = null);
