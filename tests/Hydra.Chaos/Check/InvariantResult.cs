namespace Hydra.Chaos.Check;

/// <summary>One invariant: its name, what it states, and every violation found (none when it holds).</summary>
internal sealed record InvariantResult(string Name, string Statement, IReadOnlyList<string> Violations)
{
    public bool Holds => Violations.Count == 0;
}
