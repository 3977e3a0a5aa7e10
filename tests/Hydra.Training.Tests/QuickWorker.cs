using Hydra.Core.Jobs;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Training.Tests;

/// <summary>A trainer worker that polls briefly, publishes progress often and exits as soon as its queue is empty.
/// </summary>
internal static class QuickWorker
{
    public static TrainingWorker Over(ITrainerTransport transport, IJobStore jobs, IWorkUnitRunner runner) =>
        new(transport, jobs, runner, Options.Create(new TrainingWorkerOptions
        {
            ReceiveWaitSeconds = 0.01,
            IdleExitSeconds = 0.05,
            ProgressSeconds = 0.02
        }),
        NullLogger<TrainingWorker>.Instance, TimeProvider.System);
}
