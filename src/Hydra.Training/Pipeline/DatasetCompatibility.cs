using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Training.Losses;

namespace Hydra.Training.Pipeline;

/// <summary>Whether the trainer can train a dataset, and an architecture on it, before any training starts.</summary>
public static class DatasetCompatibility
{
    /// <exception cref="InvalidRequestException">The bundle's task is one the trainer cannot train.</exception>
    public static void EnsureSupported(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task is not (ModelTask.Classification or ModelTask.Regression))
        {
            throw new InvalidRequestException(
                $"'{bundle.Name}' is a {bundle.Task} dataset; the trainer distils classifiers and Gaussian "
                + "regressors only.");
        }
    }

    /// <summary>
    /// The width the head must output for the bundle: one logit per class, or (mean, raw variance) for regression.
    /// </summary>
    public static int HeadWidth(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Task == ModelTask.Regression ? GaussianOutputs.HeadWidth : bundle.Train.ClassCount;
    }

    /// <summary>Checks that the task is supported and that the architecture's input and head fit the data.</summary>
    /// <exception cref="InvalidRequestException">The bundle's task is one the trainer cannot train.</exception>
    /// <exception cref="InvalidRequestException">The data lacks its truth.</exception>
    /// <exception cref="ArchitectureValidationException">The architecture does not fit the data.</exception>
    public static void EnsureCompatible(DatasetBundle bundle, ArchitectureSpec spec)
    {
        EnsureSupported(bundle);
        ArgumentNullException.ThrowIfNull(spec);
        var shapes = spec.Validate();
        if (bundle.Task == ModelTask.Regression)
        {
            EnsureRegressionFits(bundle, spec, shapes.HeadOutput);
        }
        else
        {
            var classes = bundle.Train.ClassCount;
            if (bundle.Train.Labels is null || shapes.HeadOutput != classes)
            {
                throw new ArchitectureValidationException(
                    $"The head outputs {shapes.HeadOutput} values but '{bundle.Name}' has {classes} classes.");
            }
        }

        if (!spec.InputShape.SequenceEqual(bundle.Train.RowShape))
        {
            throw new ArchitectureValidationException(
                $"The architecture takes rows of [{string.Join(", ", spec.InputShape)}] but '{bundle.Name}' has "
                + $"rows of [{string.Join(", ", bundle.Train.RowShape)}].");
        }
    }

    private static void EnsureRegressionFits(DatasetBundle bundle, ArchitectureSpec spec, int headOutput)
    {
        if (bundle.Train.Targets is null || bundle.Test.Targets is null || bundle.Train.Count == 0)
        {
            throw new InvalidRequestException(
                $"'{bundle.Name}' is a regression dataset without training and test targets.");
        }

        if (headOutput != GaussianOutputs.HeadWidth)
        {
            throw new ArchitectureValidationException(
                $"The head outputs {headOutput} values but a Gaussian regression head outputs "
                + $"{GaussianOutputs.HeadWidth} (mean, raw variance).");
        }
    }
}
