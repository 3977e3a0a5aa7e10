using Hydra.Core.Data;
using Hydra.Training.Pipeline;

namespace Hydra.Cli;

/// <summary>
/// Architecture and epochs per phase when the user names none: the reference protocol of hydra-method.md §4 for
/// Fashion-MNIST, a quick setting for the embedded toy classification data that still separates ensemble, KD and Hydra
/// clearly, and two settings for regression (below).
/// </summary>
internal static class RunDefaults
{
    /// <summary>
    /// The toy regression: 150 epochs of its 1000 rows (1200 Adam steps per phase) fit the cubic down to the noise
    /// (RMSE ≈ √93 ≈ 9.6), and its heavy noise leaves nothing to overfit. About a minute for the whole run on 2 cores.
    /// </summary>
    public const int ToyRegressionEpochs = 150;

    /// <summary>
    /// Tabular regression (Boston, diabetes, user files): 40 epochs, the UCI protocol of Hernández-Lobato and Adams (2015)
    /// that deep ensembles were measured with. Training much longer overfits the variance: on Boston 750 epochs drove the
    /// ensemble's test NLL from 2.7 to 22 and its 95% coverage from 0.87 to 0.44.
    /// </summary>
    public const int TabularRegressionEpochs = 40;

    public static string Architecture(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Task == DatasetBundle.RegressionTask ? "regression-mlp" : bundle.Name == DatasetCatalog.FashionMnistName ? "mlp" : "toy-mlp";
    }

    public static TrainingOptions Epochs(DatasetBundle bundle, string architecture)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task == DatasetBundle.RegressionTask)
        {
            var epochs = bundle.Name == DatasetCatalog.ToyRegressionName ? ToyRegressionEpochs : TabularRegressionEpochs;
            return new TrainingOptions { MemberEpochs = epochs, KdEpochs = epochs, HydraPhase1Epochs = epochs / 2, HydraPhase2Epochs = epochs };
        }

        return (bundle.Name, architecture) switch
        {
            (DatasetCatalog.FashionMnistName, "cnn") => new TrainingOptions { MemberEpochs = 5, KdEpochs = 5, HydraPhase1Epochs = 3, HydraPhase2Epochs = 5 },
            (DatasetCatalog.FashionMnistName, _) => new TrainingOptions { MemberEpochs = 10, KdEpochs = 10, HydraPhase1Epochs = 5, HydraPhase2Epochs = 10 },
            _ => new TrainingOptions { MemberEpochs = 40, KdEpochs = 40, HydraPhase1Epochs = 20, HydraPhase2Epochs = 40 },
        };
    }
}
