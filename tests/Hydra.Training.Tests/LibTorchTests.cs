namespace Hydra.Training.Tests;

/// <summary>
/// Tests that drive libtorch share one collection so they don't fight over the CPU threads, and one short spirals
/// run that the tests reading its results share.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LibTorchTests : ICollectionFixture<SpiralsRunFixture>
{
    public const string Name = "libtorch";
}
