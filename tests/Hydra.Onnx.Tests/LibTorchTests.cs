namespace Hydra.Onnx.Tests;

/// <summary>Tests that drive libtorch share one collection so they don't fight over the CPU threads.</summary>
[CollectionDefinition(Name)]
public sealed class LibTorchTests
{
    public const string Name = "libtorch";
}
