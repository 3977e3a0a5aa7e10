namespace Hydra.Serving.Http;

/// <summary>The simple scoring response: the model that scored and one prediction per row, in request order.</summary>
public sealed record ScoreResponse(string ModelId, string ModelVersion, IReadOnlyList<RowPrediction> Predictions);
