using static TorchSharp.torch;

namespace Hydra.Training;

/// <summary>Device choice, thread count and seeding for libtorch, in one place.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Resolves "auto", "cpu" or "cuda" to a device; asking for CUDA where there is none is an error.
    /// </summary>
    public static Device ResolveDevice(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "cpu" => CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new InvalidOperationException(
                "CUDA was asked for but libtorch sees no CUDA device (is this the CPU build of TorchSharp?)."),
            "auto" => cuda.is_available() ? CUDA : CPU,
            _ => throw new ArgumentException($"Device '{name}' is not one of auto, cpu, cuda.", nameof(name)),
        };
    }

    public static void ConfigureThreads(int threads)
    {
        if (threads > 0)
        {
            set_num_threads(threads);
        }
    }

    /// <summary>Seeds libtorch's CPU and CUDA generators; initialisation and dropout follow from it.</summary>
    public static void Seed(int seed)
    {
        random.manual_seed(seed);
        if (cuda.is_available())
        {
            cuda.manual_seed_all(seed);
        }
    }
}
