using Hydra.Core.Reports;
using Hydra.Core.Teachers;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Evaluation;

/// <summary>The report's teacher rows: each teacher's file, output, size and own test metrics.</summary>
internal static class TeacherSummaries
{
    /// <summary>Null when the run's ensemble is the product's own members.</summary>
    /// <param name="classification">Each member's test scores, in member order (classification runs).</param>
    /// <param name="regression">Each member's test scores, in member order (regression runs).</param>
    public static IReadOnlyList<TeacherSummary>? Of(TrainedModels models,
        IReadOnlyList<ClassificationScores>? classification, IReadOnlyList<RegressionScores>? regression)
    {
        if (models.Teachers is not { } teachers)
        {
            return null;
        }

        return [.. teachers.Teachers.Select((t, m) => new TeacherSummary(t.Name, t.Sha256,
            Output(teachers.Scores[m]), t.Parameters)
        {
            Classification = classification?[m],
            Regression = regression?[m],
        })];
    }

    private static string Output(TeacherScores scores) => scores switch
    {
        TeacherScores.Logits => "logits",
        TeacherScores.Probabilities => "probabilities",
        _ => "gaussian",
    };
}
