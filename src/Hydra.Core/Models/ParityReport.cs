using System.Text.Json.Serialization;

namespace Hydra.Core.Models;

/// <summary>
/// How closely the exported graph (in ONNX Runtime, with graph optimisations off and on) reproduces the trainer:
/// the largest absolute head-probability difference on the card's parity probe (null when the card has none) and on
/// random normalised rows against the pure-C# reference forward; <see cref="Rows"/> counts both. For regression the
/// compared values are each head's mean and variance in target units, and a difference is divided by max(1,
/// |reference|):
/// absolute below 1, relative above, because float32 cannot hold a variance of several hundred to 1e-5 absolute.
/// </summary>
public sealed record ParityReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MaxAbsDiffProbe,
    double MaxAbsDiffRandom,
    int Rows,
    double Tolerance,
    bool Passed);
