using Hydra.Core.Data;
using Hydra.Core.Teachers;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Planning;

/// <summary>
/// Settings for distilling teachers the product did not train (<c>hydra distill</c>, a job with "teachers"), when the
/// user names none: the temperature from the teachers' own confidence (<see cref="TeacherConfidence"/>), and the epochs
/// from the dataset's size, so every phase takes about <see cref="StepsPerPhase"/> optimiser steps within
/// [<see cref="MinEpochs"/>, <see cref="MaxEpochs"/>] epochs (Hydra's phase 1 half of that). Both were chosen on
/// validation splits of breast cancer, wine and digits (docs/results/distill-defaults).
/// </summary>
public static class DistillDefaults
{
    /// <summary>Optimiser steps per phase the epochs aim at.</summary>
    public const int StepsPerPhase = 480;

    /// <summary>Fewest epochs of a phase: a large set (Fashion-MNIST) distils for the protocol's 10.</summary>
    public const int MinEpochs = 10;

    public const int MaxEpochs = 500;

    /// <summary>Epochs of KD and of Hydra's phase 2 for <paramref name="trainRows"/> rows in batches.</summary>
    public static int Epochs(int trainRows, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var batches = Math.Max(1, (trainRows + batchSize - 1) / batchSize);
        return Math.Clamp((StepsPerPhase + batches - 1) / batches, MinEpochs, MaxEpochs);
    }

    /// <summary>
    /// <paramref name="options"/> with the epochs for the bundle's training rows and the teachers' temperature (T = 2,
    /// the protocol's, for regression teachers, where no temperature applies).
    /// </summary>
    public static TrainingOptions Apply(TrainingOptions options, DatasetBundle bundle, TeacherConfidence? confidence)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bundle);
        var epochs = Epochs(bundle.Train.Count, options.BatchSize);
        return options with
        {
            MemberEpochs = 0,
            KdEpochs = epochs,
            HydraPhase1Epochs = Math.Max(1, epochs / 2),
            HydraPhase2Epochs = epochs,
            Temperature = confidence?.TemperatureFor() ?? options.Temperature,
        };
    }
}
