namespace Hydra.Onnx.Jobs;

/// <summary>What one blob event on a checkpoint card led to.</summary>
/// <param name="ModelId">The served model the checkpoint maps to; null when the blob is not a Hydra checkpoint.</param>
/// <param name="Reason">Why the conversion failed (the previous model, if any, keeps serving).</param>
public sealed record ConversionOutcome(ConversionResult Result, string? ModelId = null, string? Reason = null);
