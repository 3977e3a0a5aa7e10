namespace Hydra.Core.Jobs;

/// <summary>A unit of trainer work: one ensemble member, or the distillation once every member is in storage.</summary>
public enum WorkItemKind
{
    Member,
    Distill,
}
