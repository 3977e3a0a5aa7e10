namespace Hydra.Core.Jobs;

/// <summary>One ensemble member's unit of work: its state, the fraction done, and the worker that holds it.</summary>
public sealed record MemberProgress(int Index, MemberState State, double Fraction = 0, string? Worker = null);
