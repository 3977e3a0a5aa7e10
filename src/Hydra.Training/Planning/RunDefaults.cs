using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Planning;

/// <summary>
/// Architecture and epochs per phase when the user names none: the reference protocol of hydra-method.md §4 for
/// Fashion-MNIST, a quick setting for the embedded toy classification data that still separates ensemble, KD and Hydra
/// clearly, and two settings for regression (below).
/// </summary>
public static class RunDefaults
{
    /// <summary>
    /// The toy regression: 150 epochs of its 1000 rows (1200 Adam steps per phase) fit the cubic down to the noise
    /// (RMSE ≈ √93 ≈ 9.6), and its heavy noise leaves nothing to overfit. About a minute for the whole run on 2 cores.
    /// </summary>
    public const int ToyRegressionEpochs = 150;

    /// <summary>
    /// Tabular regression (Boston, diabetes, user files): 40 epochs, the UCI protocol of Hernández-Lobato and Adams
    /// (2015)
    /// that deep ensembles were measured with. Training much longer overfits the variance: on Boston 750 epochs drove
    /// the
    /// ensemble's test NLL from 2.7 to 22 and its 95% coverage from 0.87 to 0.44.
    /// </summary>
    public const int TabularRegressionEpochs = 40;

    /// <summary>
    /// The preset: regression-mlp for regression, mlp for Fashion-MNIST and other images ([C, H, W] rows), toy-mlp
    /// otherwise.
    /// </summary>
    public static string Architecture(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task == ModelTask.Regression)
        {
            return "regression-mlp";
        }

        return bundle.Name == DatasetCatalog.FashionMnistName || IsImages(bundle) ? "mlp" : "toy-mlp";
    }

    /// <summary>Training options with the epochs per phase for the bundle and architecture.</summary>
    public static TrainingOptions Epochs(DatasetBundle bundle, string architecture)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task == ModelTask.Regression)
        {
            var epochs = bundle.Name == DatasetCatalog.ToyRegressionName ? ToyRegressionEpochs
                : TabularRegressionEpochs;
            return Phases(epochs, epochs, epochs / 2, epochs);
        }

        // A user's images train as Fashion-MNIST does: the reference image protocol.
        var name = IsImages(bundle) ? DatasetCatalog.FashionMnistName : bundle.Name;
        return (name, architecture) switch
        {
            (DatasetCatalog.FashionMnistName, "cnn") => Phases(5, 5, 3, 5),
            (DatasetCatalog.FashionMnistName, _) => Phases(10, 10, 5, 10),
            _ => Phases(40, 40, 20, 40),
        };
    }

    /// <summary>Whether the rows are images: [channels, height, width].</summary>
    private static bool IsImages(DatasetBundle bundle) => bundle.Train.RowShape.Length == 3;

    private static TrainingOptions Phases(int member, int kd, int hydraPhase1, int hydraPhase2) => new()
    {
        MemberEpochs = member,
        KdEpochs = kd,
        HydraPhase1Epochs = hydraPhase1,
        HydraPhase2Epochs = hydraPhase2,
    };
}
