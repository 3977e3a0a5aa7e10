using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

/// <summary>A fact that is reported as skipped where the Debian Fashion-MNIST package is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(DataOptions.DefaultFashionMnistDirectory, "t10k-images-idx3-ubyte.gz")))
        {
            Skip = $"Fashion-MNIST is not installed in {DataOptions.DefaultFashionMnistDirectory} (apt-get install "
                + $"dataset-fashion-mnist).";
        }
    }
}
