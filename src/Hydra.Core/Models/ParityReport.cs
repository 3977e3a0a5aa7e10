using System.Text.Json.Serialization;

namespace Hydra.Core.Models;

/// <summary>
/// How closely the exported graph (in ONNX Runtime, with graph optimisations off and on) reproduces the trainer:
/// the largest absolute head-probability difference on the card's parity probe (null when the card has none) and on
/// random normalised rows against the pure-C# reference forward; <see cref="Rows"/> counts both.
/// </summary>
public sealed record ParityReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MaxAbsDiffProbe,
    double MaxAbsDiffRandom,
    int Rows,
    double Tolerance,
    bool Passed);
