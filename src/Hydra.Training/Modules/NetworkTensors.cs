using Hydra.Core.Safetensors;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>Moves a network's weights to and from safetensors tensors (F32, CPU, contiguous).</summary>
internal static class NetworkTensors
{
    public static IReadOnlyList<SafeTensor> Export(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var result = new List<SafeTensor>();
        foreach (var (name, tensor) in network.state_dict())
        {
            // Batch norm's num_batches_tracked is int64; checkpoints hold F32 only (exact up to 2^24 batches).
            using var cpu = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            result.Add(SafeTensor.FromFloats(name, cpu.shape, cpu.data<float>().ToArray()));
        }

        return result;
    }

    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape.</exception>
    public static void Import(nn.Module network, IReadOnlyDictionary<string, SafeTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(tensors);
        using var noGrad = no_grad();
        foreach (var (name, target) in network.state_dict())
        {
            if (!tensors.TryGetValue(name, out var source))
            {
                throw new InvalidDataException($"Tensor '{name}' is missing from the checkpoint.");
            }

            if (!source.Shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' has shape [{string.Join(", ", source.Shape)}], "
                        + $"the network needs [{string.Join(", ", target.shape)}].");
            }

            // copy_ converts to the target's dtype (int64 for batch norm's counter).
            using var values = tensor(source.ToFloats(), source.Shape);
            target.copy_(values);
        }
    }
}
