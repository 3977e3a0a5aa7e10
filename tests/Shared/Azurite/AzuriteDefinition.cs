namespace Hydra.Testing.Azurite;

/// <summary>Test classes marked [Collection(AzuriteDefinition.Collection)] share one Azurite for the whole run.</summary>
[CollectionDefinition(Collection)]
public sealed class AzuriteDefinition : ICollectionFixture<AzuriteServer>
{
    public const string Collection = "azurite";
}
