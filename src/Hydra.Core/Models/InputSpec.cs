using Hydra.Core.Data;

namespace Hydra.Core.Models;

/// <summary>The shape of one raw input row and the normalisation the model expects applied to it.</summary>
public sealed record InputSpec(int[] Shape, Normalization Normalization);
