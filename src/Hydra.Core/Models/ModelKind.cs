namespace Hydra.Core.Models;

/// <summary>What a checkpoint holds: one ensemble member, the knowledge-distillation baseline, or Hydra.</summary>
public enum ModelKind
{
    Member,
    Kd,
    Hydra,
}
