namespace Hydra.Core.Architecture;

/// <summary>The shape of the body's output row and the width of the head's output.</summary>
public sealed record ArchitectureShapes(int[] BodyOutput, int HeadOutput);
