namespace Hydra.Core.Jobs;

public enum MemberState
{
    Pending,
    Training,
    Done,
}
