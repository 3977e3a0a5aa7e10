namespace Hydra.Core.Metrics;

/// <summary>
/// Fidelity of a regression student's uncertainty to the ensemble it was distilled from, on one input set.
/// </summary>
public static class RegressionFidelity
{
    /// <summary>
    /// Spearman and MAE of the student's epistemic and total variances against the ensemble's, and the mean over rows
    /// of
    /// KL(N(ensemble mean, ensemble total) ‖ N(student mean, student total)): each mixture replaced by the Gaussian
    /// with its
    /// mean and variance. Both decompositions must cover the same rows in the same order.
    /// </summary>
    public static RegressionFidelityResult Compare(RegressionUncertainty ensemble, RegressionUncertainty student)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(student);
        var rows = ensemble.Mean.Length;
        if (student.Mean.Length != rows || student.Total.Length != rows || student.Epistemic.Length != rows
            || ensemble.Total.Length != rows || ensemble.Epistemic.Length != rows)
        {
            throw new ArgumentException($"The ensemble has {rows} rows but the student has {student.Mean.Length}.",
                nameof(student));
        }

        if (rows == 0)
        {
            throw new ArgumentException("At least one row is needed.", nameof(ensemble));
        }

        var kl = 0.0;
        for (var n = 0; n < rows; n++)
        {
            kl += RegressionMetrics.GaussianKl(ensemble.Mean[n], ensemble.Total[n], student.Mean[n], student.Total[n]);
        }

        return new RegressionFidelityResult(
            EpistemicSpearman: RankMetrics.Spearman(ensemble.Epistemic, student.Epistemic),
            EpistemicMae: RankMetrics.MeanAbsoluteError(ensemble.Epistemic, student.Epistemic),
            TotalSpearman: RankMetrics.Spearman(ensemble.Total, student.Total),
            TotalMae: RankMetrics.MeanAbsoluteError(ensemble.Total, student.Total),
            KlToEnsemble: kl / rows);
    }
}
