using Hydra.Core.Jobs;

namespace Hydra.Functions.Http;

/// <summary>GET /api/training-jobs/{jobId}: the job's state, per-member progress, and where its results are.</summary>
public sealed record JobStatusResponse(
    string JobId,
    TrainingJobState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<MemberProgress> Members,
    string? Phase,
    double PhaseFraction,
    IReadOnlyList<string> Models,
    string? Reason,
    JobLinks Links)
{
    /// <summary>For a dataset in storage: the SHA-256 of its files as the trainer downloaded them.</summary>
    public Hydra.Core.Datasets.DatasetDigest? Dataset { get; init; }

    /// <summary>
    /// For a distill-only job: its teacher files by name, with their SHA-256 once the trainer downloaded them.
    /// </summary>
    public Hydra.Core.Teachers.TeacherDigest? Teachers { get; init; }

    public static JobStatusResponse From(TrainingJobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var links = new JobLinks(
            $"/api/training-jobs/{status.JobId}",
            JobPaths.Spec(status.JobId),
            $"{JobPaths.Reports(status.JobId)}/report.json",
            [.. status.Models.Select(m => $"/api/models/{m}")]);
        return new JobStatusResponse(status.JobId, status.State, status.CreatedAt, status.UpdatedAt, status.Members,
            status.Phase, status.PhaseFraction, status.Models, status.Reason, links)
        {
            Dataset = status.Dataset,
            Teachers = status.Teachers,
        };
    }
}
