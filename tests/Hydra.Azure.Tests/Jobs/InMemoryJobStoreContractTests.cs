using Hydra.Core.Jobs;

namespace Hydra.Azure.Tests.Jobs;

/// <summary>The job store contract in memory, the reference the table store must match.</summary>
public sealed class InMemoryJobStoreContractTests : JobStoreContract
{
    protected override IJobStore Store { get; } = new InMemoryJobStore();
}
