namespace Hydra.Testing;

/// <summary>
/// Tests that drive libtorch share one collection so they don't fight over the CPU threads. xUnit 2 only finds a
/// collection definition inside the test assembly, so this one file is compiled into each project that needs it; a
/// project adds its collection fixtures in a partial part of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed partial class LibTorchTests
{
    public const string Name = "libtorch";
}
