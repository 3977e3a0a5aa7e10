using Hydra.Training.Tests;

namespace Hydra.Testing;

/// <summary>Here the libtorch collection also shares one short spirals run among the tests that read it.</summary>
public sealed partial class LibTorchTests : ICollectionFixture<SpiralsRunFixture>;
