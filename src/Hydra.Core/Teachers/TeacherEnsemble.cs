using Hydra.Core.Models;

namespace Hydra.Core.Teachers;

/// <summary>
/// Teachers that passed <see cref="TeacherChecks.Validate"/>: each one's output meaning, decided (never
/// <see cref="TeacherScores.Detect"/>), and what the checks found worth telling the user.
/// </summary>
public sealed record TeacherEnsemble(IReadOnlyList<ITeacher> Teachers, IReadOnlyList<TeacherScores> Scores,
    IReadOnlyList<string> Notes)
{
    public int Count => Teachers.Count;

    /// <summary>What the cards record: each teacher's file name and SHA-256.</summary>
    public IReadOnlyList<TeacherReference> References =>
        [.. Teachers.Select(t => new TeacherReference(t.Name, t.Sha256))];
}
