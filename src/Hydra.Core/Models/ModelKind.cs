namespace Hydra.Core.Models;

/// <summary>
/// What a checkpoint holds: one ensemble member, the knowledge-distillation baseline, Hydra (the paper's recipe), or
/// Hydra+ (Hydra whose heads also distil their members on inputs off the data manifold).
/// </summary>
public enum ModelKind
{
    Member,
    Kd,
    Hydra,
    HydraPlus,
}
