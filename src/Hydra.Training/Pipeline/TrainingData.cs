using Hydra.Core.Data;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>A dataset normalised and laid out as tensors on the training device.</summary>
internal sealed class TrainingData : IDisposable
{
    private TrainingData(Dataset source, Tensor inputs, Tensor? labels, Tensor? targets)
    {
        Source = source;
        Inputs = inputs;
        Labels = labels;
        Targets = targets;
    }

    public Dataset Source { get; }

    /// <summary>[N, ...row shape], normalised.</summary>
    public Tensor Inputs { get; }

    /// <summary>[N] int64 class labels, when the set has labels.</summary>
    public Tensor? Labels { get; }

    /// <summary>
    /// [N] float32 regression targets on the scaled axis (the bundle's target scaling applied), when the set has
    /// targets.
    /// </summary>
    public Tensor? Targets { get; }

    /// <summary>What the members are fitted to: the labels, else the targets.</summary>
    public Tensor Truth => Labels ?? Targets ?? throw new InvalidOperationException(
        $"'{Source.Name}' has neither labels nor targets.");

    public static TrainingData Create(Dataset dataset, Normalization normalization, Device device) =>
        Create(dataset, normalization, null, null, device);

    /// <summary>
    /// Normalises the inputs as the bundle says (value normalisation, then per-feature z-scores) and scales the
    /// targets.
    /// </summary>
    public static TrainingData Create(Dataset dataset, DatasetBundle bundle, Device device)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Create(dataset, bundle.Normalization, bundle.FeatureNormalization, bundle.TargetScaling, device);
    }

    /// <summary>Raw rows (e.g. a plotting grid) normalised as the bundle's inputs are.</summary>
    public static Tensor NormalisedInputs(float[] features, int[] rowShape, DatasetBundle bundle, Device device)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rowShape);
        ArgumentNullException.ThrowIfNull(bundle);
        var values = (float[])features.Clone();
        bundle.Normalization.Apply(values);
        bundle.FeatureNormalization?.Apply(values);
        var rowSize = rowShape.Aggregate(1, (a, b) => a * b);
        long[] shape = [values.Length / rowSize, .. rowShape.Select(d => (long)d)];
        return tensor(values, shape, device: device);
    }

    private static TrainingData Create(Dataset dataset, Normalization normalization, FeatureNormalization? features,
        TargetScaling? scaling, Device device)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(normalization);
        var values = (float[])dataset.Features.Clone();
        normalization.Apply(values);
        features?.Apply(values);
        long[] shape = [dataset.Count, .. dataset.RowShape.Select(d => (long)d)];
        var inputs = tensor(values, shape, device: device);
        var labels = dataset.Labels is null ? null : tensor(dataset.Labels.Select(l => (long)l).ToArray(),
            device: device);
        Tensor? targets = null;
        if (dataset.Targets is { } raw)
        {
            var scaled = (float[])raw.Clone();
            scaling?.Apply(scaled);
            targets = tensor(scaled, device: device);
        }

        return new TrainingData(dataset, inputs, labels, targets);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels?.Dispose();
        Targets?.Dispose();
    }
}
