namespace Hydra.Serving.Files;

/// <param name="Path">Where the predictions (or, on failure, the problem document) were written.</param>
/// <param name="Error">Why the file could not be scored; null on success.</param>
public sealed record BatchScoringOutcome(string Path, int Rows, string? Error);
