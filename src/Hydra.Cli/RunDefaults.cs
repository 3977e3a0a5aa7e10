using Hydra.Core.Data;
using Hydra.Training.Pipeline;

namespace Hydra.Cli;

/// <summary>
/// Architecture and epochs per phase when the user names none: the reference protocol of hydra-method.md §4 for
/// Fashion-MNIST, a quick setting for the embedded toy classification data that still separates ensemble, KD and Hydra
/// clearly, and for regression a fixed number of optimiser steps per phase, whatever the number of rows.
/// </summary>
internal static class RunDefaults
{
    /// <summary>
    /// Adam steps per member and per KD / phase-2 run for regression (phase 1 gets half). The toy set's 1000 rows make 8
    /// batches an epoch, so this is 375 epochs there (about a minute for the whole run on 2 cores); Boston's 404 rows, 4
    /// batches, 750 epochs.
    /// </summary>
    public const int RegressionSteps = 3000;

    public static string Architecture(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Task == DatasetBundle.RegressionTask ? "regression-mlp" : bundle.Name == DatasetCatalog.FashionMnistName ? "mlp" : "toy-mlp";
    }

    public static TrainingOptions Epochs(DatasetBundle bundle, string architecture, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task == DatasetBundle.RegressionTask)
        {
            var batches = Math.Max(1, (bundle.Train.Count + batchSize - 1) / batchSize);
            var epochs = Math.Max(1, RegressionSteps / batches);
            return new TrainingOptions { MemberEpochs = epochs, KdEpochs = epochs, HydraPhase1Epochs = Math.Max(1, epochs / 2), HydraPhase2Epochs = epochs };
        }

        return (bundle.Name, architecture) switch
        {
            (DatasetCatalog.FashionMnistName, "cnn") => new TrainingOptions { MemberEpochs = 5, KdEpochs = 5, HydraPhase1Epochs = 3, HydraPhase2Epochs = 5 },
            (DatasetCatalog.FashionMnistName, _) => new TrainingOptions { MemberEpochs = 10, KdEpochs = 10, HydraPhase1Epochs = 5, HydraPhase2Epochs = 10 },
            _ => new TrainingOptions { MemberEpochs = 40, KdEpochs = 40, HydraPhase1Epochs = 20, HydraPhase2Epochs = 40 },
        };
    }
}
