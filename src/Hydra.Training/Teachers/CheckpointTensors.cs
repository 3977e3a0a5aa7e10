using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Teachers;

/// <summary>
/// Loads a renamed checkpoint into a network, naming the tensor behind every refusal: one missing, one the network
/// has no place for, one of the wrong shape or dtype. Batch norm's step counter may be missing (PyTorch keeps it only
/// while training).
/// </summary>
internal static class CheckpointTensors
{
    private const string Counter = "num_batches_tracked";

    public static void Import(MultiHeadNetwork network, IReadOnlyDictionary<string, SafeTensor> tensors,
        TensorRenames renames, string teacher)
    {
        var renamed = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        var original = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in tensors)
        {
            var target = renames.Apply(name);
            if (!renamed.TryAdd(target, value))
            {
                throw new TeacherException(teacher, $"tensors '{original[target]}' and '{name}' are both renamed "
                    + $"to '{target}'.");
            }

            original[target] = name;
        }

        string From(string name) => original[name] == name ? $"'{name}'" : $"'{name}' (file: '{original[name]}')";

        var state = network.state_dict();
        foreach (var name in renamed.Keys.Where(n => !state.ContainsKey(n)))
        {
            throw new TeacherException(teacher, $"tensor {From(name)} has no place in the architecture (it expects "
                + $"{string.Join(", ", state.Keys.Take(6))}, …); map names with --rename (e.g. --rename "
                + $"{TensorRenames.Sequential} for an nn.Sequential checkpoint).");
        }

        using var noGrad = no_grad();
        foreach (var (name, target) in state)
        {
            if (!renamed.TryGetValue(name, out var source))
            {
                if (name.EndsWith(Counter, StringComparison.Ordinal))
                {
                    continue;
                }

                throw new TeacherException(teacher, $"tensor '{name}' is missing"
                    + (renames.IsEmpty ? "" : " after renaming") + $"; the file holds {string.Join(", ",
                        tensors.Keys.Take(8))}{(tensors.Count > 8 ? ", …" : "")}.");
            }

            if (!source.Shape.SequenceEqual(target.shape))
            {
                throw new TeacherException(teacher, $"tensor {From(name)} is [{string.Join(", ", source.Shape)}], "
                    + $"the architecture needs [{string.Join(", ", target.shape)}].");
            }

            float[] values;
            try
            {
                values = source.ToFloats();
            }
            catch (NotSupportedException) when (name.EndsWith(Counter, StringComparison.Ordinal))
            {
                // An int64 step counter (PyTorch's own): evaluation never reads it.
                continue;
            }
            catch (NotSupportedException ex)
            {
                throw new TeacherException(teacher, ex.Message, ex);
            }

            using var value = tensor(values, source.Shape);
            target.copy_(value);
        }
    }
}
