namespace Hydra.Core.Models;

/// <summary>Classification (softmax over classes) or regression (a Gaussian mean and variance per head).</summary>
public enum ModelTask
{
    Classification,
    Regression,
}
