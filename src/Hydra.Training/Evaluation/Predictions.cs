using Hydra.Core.Metrics;

namespace Hydra.Training.Evaluation;

/// <summary>One model's per-head probabilities on one input set, and the uncertainty they imply.</summary>
internal sealed record Predictions(float[] HeadProbabilities, int Rows, int Heads, int Classes)
{
    public UncertaintyDecomposition Uncertainty { get; } =
        UncertaintyMetrics.Decompose(HeadProbabilities, Rows, Heads, Classes);

    /// <summary>Stacks single-head predictions [N, 1, C] of M members into one [N, M, C] ensemble.</summary>
    public static Predictions Stack(IReadOnlyList<float[]> members, int rows, int classes)
    {
        var heads = members.Count;
        var stacked = new float[rows * heads * classes];
        for (var m = 0; m < heads; m++)
        {
            for (var r = 0; r < rows; r++)
            {
                members[m].AsSpan(r * classes, classes).CopyTo(stacked.AsSpan(((r * heads) + m) * classes, classes));
            }
        }

        return new Predictions(stacked, rows, heads, classes);
    }
}
