using Hydra.Core.Models;

namespace Hydra.Core.Teachers;

/// <summary>What one teacher takes and gives: its row shape, its task and its output's width and meaning.</summary>
/// <param name="InputShape">One row's shape, without the batch dimension.</param>
/// <param name="Classes">Classification: the number of classes C; regression: 0.</param>
public sealed record TeacherSignature(IReadOnlyList<int> InputShape, ModelTask Task, int Classes,
    TeacherScores Scores)
{
    /// <summary>Values per row that <see cref="ITeacher.Predict"/> gives: C, or 2 (mean, variance).</summary>
    public int Width => Task == ModelTask.Regression ? 2 : Classes;

    public int RowSize => InputShape.Aggregate(1, (a, b) => a * b);

    /// <summary>"[1, 28, 28] → 10 logits", "[13] → (mean, variance)".</summary>
    public string Describe() => $"[{string.Join(", ", InputShape)}] → " + (Task == ModelTask.Regression
        ? "(mean, variance)"
        : $"{Classes} " + Scores switch
        {
            TeacherScores.Logits => "logits",
            TeacherScores.Probabilities => "probabilities",
            _ => "scores",
        });
}
