namespace Hydra.Core.Reports;

/// <summary>
/// One teacher of a <c>hydra distill</c> run: its file, what its output was read as, its size and its own test
/// metrics (classification or regression, as the run's task).
/// </summary>
public sealed record TeacherSummary(string Name, string Sha256, string Output, long Parameters)
{
    public ClassificationScores? Classification { get; init; }

    public RegressionScores? Regression { get; init; }
}
