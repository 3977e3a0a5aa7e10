namespace Hydra.Core.Architecture;

/// <summary>Where the ResNet-20 preset splits into body and head (the head is what Hydra repeats M times).</summary>
public enum ResNetHead
{
    /// <summary>
    /// Body: everything through global pooling; head: Linear(64, 64)-ReLU-Linear(64, C). The default.
    /// </summary>
    Mlp,

    /// <summary>Head: the last basic block of stage 3, global pooling and Linear(64, C).</summary>
    LastBlock,

    /// <summary>Head: all of stage 3 (three blocks), global pooling and Linear(64, C).</summary>
    LastStage,
}
