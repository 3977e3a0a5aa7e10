namespace Hydra.Core.Data;

/// <summary>
/// The raw (unnormalised) splits of one dataset, its out-of-distribution sets by name, and the normalisation
/// the model should apply to all of them.
/// </summary>
public sealed record DatasetBundle(string Name, Dataset Train, Dataset Test, IReadOnlyDictionary<string, Dataset> Ood, Normalization Normalization);
