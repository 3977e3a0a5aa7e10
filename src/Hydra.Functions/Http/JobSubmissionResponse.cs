using Hydra.Core.Jobs;

namespace Hydra.Functions.Http;

/// <summary>
/// 202 Accepted for POST /api/training-jobs; <paramref name="Created"/> is false for a repeated submission.
/// </summary>
public sealed record JobSubmissionResponse(string JobId, TrainingJobState State, bool Created, string StatusUrl);
