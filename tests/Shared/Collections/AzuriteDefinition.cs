namespace Hydra.Testing.Azurite;

/// <summary>
/// Test classes marked [Collection(AzuriteDefinition.Collection)] share one Azurite for the whole run. xUnit 2 only
/// finds a collection definition inside the test assembly, so this one file is compiled into each project using it.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class AzuriteDefinition : ICollectionFixture<AzuriteServer>
{
    public const string Collection = "azurite";
}
