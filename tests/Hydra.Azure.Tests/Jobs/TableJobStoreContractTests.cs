using Azure.Data.Tables;
using Hydra.Azure.Jobs;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;

namespace Hydra.Azure.Tests.Jobs;

/// <summary>The job store contract on Azurite's table service, one fresh table per test.</summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class TableJobStoreContractTests : JobStoreContract
{
    public TableJobStoreContractTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        // Generous attempts: twelve writers racing on one entity may each lose several rounds; losing them all is the
        // bug.
        var options = new TableJobStoreOptions { TableName = $"jobs{Guid.NewGuid():N}", MaxUpdateAttempts = 100 };
        Store = new TableJobStore(new TableServiceClient(azurite.ConnectionString), options);
    }

    protected override IJobStore Store { get; }
}
