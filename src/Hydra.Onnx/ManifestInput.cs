using Hydra.Core.Data;

namespace Hydra.Onnx;

/// <summary>The raw row shape and the normalisation the scorer applies before feeding the graph.</summary>
public sealed record ManifestInput(int[] Shape, Normalization Normalization);
