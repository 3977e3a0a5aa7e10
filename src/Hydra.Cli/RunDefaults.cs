using Hydra.Training.Pipeline;

namespace Hydra.Cli;

/// <summary>
/// Epochs per phase when the user names none: the reference protocol of hydra-method.md §4 for Fashion-MNIST,
/// and a quick setting for the embedded toy data that still separates ensemble, KD and Hydra clearly.
/// </summary>
internal static class RunDefaults
{
    public static string Architecture(string dataset) => dataset == "fashion-mnist" ? "mlp" : "toy-mlp";

    public static TrainingOptions Epochs(string dataset, string architecture) => (dataset, architecture) switch
    {
        ("fashion-mnist", "cnn") => new TrainingOptions { MemberEpochs = 5, KdEpochs = 5, HydraPhase1Epochs = 3, HydraPhase2Epochs = 5 },
        ("fashion-mnist", _) => new TrainingOptions { MemberEpochs = 10, KdEpochs = 10, HydraPhase1Epochs = 5, HydraPhase2Epochs = 10 },
        _ => new TrainingOptions { MemberEpochs = 40, KdEpochs = 40, HydraPhase1Epochs = 20, HydraPhase2Epochs = 40 },
    };
}
