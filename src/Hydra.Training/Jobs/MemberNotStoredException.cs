using Hydra.Core.Errors;

namespace Hydra.Training.Jobs;

/// <summary>The distillation found a member the job record calls done missing from storage: retried later.</summary>
public sealed class MemberNotStoredException(string jobId, int member)
    : HydraException("member-not-stored", ErrorKind.Unavailable,
        $"Member {member} of job '{jobId}' is not in storage yet; the distillation will be retried.");
