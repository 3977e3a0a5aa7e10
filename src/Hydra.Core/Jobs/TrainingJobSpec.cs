using Hydra.Core.Datasets;

namespace Hydra.Core.Jobs;

/// <summary>
/// An accepted job: its id, the request it came from, and when it was accepted. Stored at jobs/{id}/spec.json.
/// </summary>
public sealed record TrainingJobSpec(string JobId, TrainingJobRequest Request, DateTimeOffset AcceptedAt)
{
    /// <summary>
    /// For a dataset in storage ("datasets/{name}"): every file it trains on at the version it had when the job was
    /// accepted; the worker downloads exactly these, or fails the job. Null for a built-in dataset.
    /// </summary>
    public DatasetSnapshot? Dataset { get; init; }

    /// <summary>
    /// For a distill-only job: every file of its teacher folder at the version it had when the job was accepted.
    /// </summary>
    public Teachers.TeacherSnapshot? Teachers { get; init; }
}
