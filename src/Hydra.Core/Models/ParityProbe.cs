namespace Hydra.Core.Models;

/// <summary>
/// A few normalised input rows and the per-head outputs the trainer computed for them (probabilities for
/// classification; [mean, variance] per head for regression, in target units), so a converter can prove its graph
/// computes the same function.
/// </summary>
public sealed record ParityProbe(float[][] Inputs, float[][][] HeadOutputs);
