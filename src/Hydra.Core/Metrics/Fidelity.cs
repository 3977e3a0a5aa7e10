namespace Hydra.Core.Metrics;

/// <summary>Fidelity of a student's uncertainty to the ensemble it was distilled from, on one input set.</summary>
public static class Fidelity
{
    /// <summary>
    /// Spearman and MAE of the student's epistemic and total values against the ensemble's, and mean
    /// KL(ensemble mean ‖ student mean). Both decompositions must cover the same rows in the same order.
    /// </summary>
    public static FidelityResult Compare(UncertaintyDecomposition ensemble, UncertaintyDecomposition student,
        int classes)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(student);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (ensemble.Total.Length != student.Total.Length || ensemble.Epistemic.Length != student.Epistemic.Length)
        {
            throw new ArgumentException(
                $"The ensemble has {ensemble.Total.Length} rows but the student has {student.Total.Length}.",
                    nameof(student));
        }

        if (ensemble.MeanProbabilities.Length != student.MeanProbabilities.Length)
        {
            throw new ArgumentException(
                $"The ensemble has {ensemble.MeanProbabilities.Length} mean probabilities but the student has "
                    + $"{student.MeanProbabilities.Length}.",
                nameof(student));
        }

        return new FidelityResult(
            EpistemicSpearman: RankMetrics.Spearman(ensemble.Epistemic, student.Epistemic),
            EpistemicMae: RankMetrics.MeanAbsoluteError(ensemble.Epistemic, student.Epistemic),
            TotalSpearman: RankMetrics.Spearman(ensemble.Total, student.Total),
            TotalMae: RankMetrics.MeanAbsoluteError(ensemble.Total, student.Total),
            KlToEnsemble: DivergenceMetrics.MeanKullbackLeibler(ensemble.MeanProbabilities, student.MeanProbabilities,
                classes));
    }
}
