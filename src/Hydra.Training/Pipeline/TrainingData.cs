using Hydra.Core.Data;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>A dataset normalised and laid out as tensors on the training device.</summary>
internal sealed class TrainingData : IDisposable
{
    private TrainingData(Dataset source, Tensor inputs, Tensor? labels)
    {
        Source = source;
        Inputs = inputs;
        Labels = labels;
    }

    public Dataset Source { get; }

    /// <summary>[N, ...row shape], normalised.</summary>
    public Tensor Inputs { get; }

    /// <summary>[N] int64 class labels, when the set has labels.</summary>
    public Tensor? Labels { get; }

    public static TrainingData Create(Dataset dataset, Normalization normalization, Device device)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(normalization);
        var values = (float[])dataset.Features.Clone();
        normalization.Apply(values);
        long[] shape = [dataset.Count, .. dataset.RowShape.Select(d => (long)d)];
        var inputs = tensor(values, shape, device: device);
        var labels = dataset.Labels is null ? null : tensor(dataset.Labels.Select(l => (long)l).ToArray(), device: device);
        return new TrainingData(dataset, inputs, labels);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels?.Dispose();
    }
}
