namespace Hydra.Serving.Scoring;

/// <summary>
/// A graph input or output as the Open Inference Protocol describes it: datatype FP32/INT64, −1 for dynamic.
/// </summary>
public sealed record TensorDescription(string Name, string Datatype, IReadOnlyList<long> Shape);
