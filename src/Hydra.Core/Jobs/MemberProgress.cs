namespace Hydra.Core.Jobs;

/// <summary>
/// One ensemble member's unit of work: its state, the fraction done, the worker that holds it, and the attempt (one
/// delivery of the unit) that holds it: the newest delivery takes the member over, and only the holder may write its
/// checkpoint.
/// </summary>
public sealed record MemberProgress(int Index, MemberState State, double Fraction = 0, string? Worker = null,
    string? Attempt = null);
