namespace Hydra.Core.Teachers;

/// <summary>
/// Bounds on a distill-only job's teachers in storage, bound from "Hydra:Teachers" (Hydra__Teachers__MaxFileBytes, …)
/// by the Function App (checked when the job is submitted) and the trainer worker (checked again while it downloads);
/// <see cref="TeacherOptionsValidator"/> says what each may be.
/// </summary>
public sealed class TeacherOptions
{
    public const string SectionName = "Hydra:Teachers";

    /// <summary>The largest teacher file: 512 MiB, as <c>hydra distill --teacher-max-mib</c>'s default.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The most a job's teacher folder may hold, all its files together.</summary>
    public long MaxTotalBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Where the worker downloads teachers to; empty: a folder under the system's temporary folder.</summary>
    public string DownloadPath { get; set; } = "";
}
