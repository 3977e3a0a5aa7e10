using Hydra.Core.Models;
using Hydra.Core.Safetensors;

namespace Hydra.Core.Checkpoints;

/// <summary>A model card with its weights, read and verified.</summary>
public sealed record Checkpoint(ModelCard Card, IReadOnlyDictionary<string, SafeTensor> Tensors);
