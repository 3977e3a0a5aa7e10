namespace Hydra.Core.Metrics;

/// <summary>
/// Expected calibration error and the per-bin data behind it (for reliability diagrams).
/// Bin <c>i</c> covers confidences in <c>(i/Bins, (i+1)/Bins]</c>; a confidence of exactly 0 falls in bin 0.
/// Empty bins have a count of 0 and report 0 for both accuracy and confidence.
/// </summary>
public sealed record CalibrationResult(double Ece, int Bins, double[] BinAccuracy, double[] BinConfidence,
    int[] BinCount);
