using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// The simple scoring response: the model that scored, one prediction per row in request order, and, for a calibrated
/// model, the criterion its rows were flagged out of distribution by.
/// </summary>
public sealed record ScoreResponse(string ModelId, string ModelVersion, IReadOnlyList<RowPrediction> Predictions,
    OodCriterion? Ood = null);

/// <summary>
/// A row is out of distribution when its epistemic uncertainty is above <see cref="Threshold"/>: the
/// <see cref="Quantile"/> of the model's epistemic uncertainty on <see cref="ReferenceRows"/> held-out in-domain rows.
/// </summary>
public sealed record OodCriterion(double Quantile, double Threshold, int ReferenceRows)
{
    /// <summary>The criterion a result was scored with; null for a model without calibration.</summary>
    public static OodCriterion? Of(ScoreResult result, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(manifest);
        return result.OodThreshold is { } threshold && manifest.Calibration is { } calibration
            ? new OodCriterion(result.OodQuantile, threshold, calibration.Rows)
            : null;
    }
}
