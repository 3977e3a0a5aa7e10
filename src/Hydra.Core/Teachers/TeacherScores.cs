namespace Hydra.Core.Teachers;

/// <summary>What a teacher's output holds.</summary>
public enum TeacherScores
{
    /// <summary>
    /// Not stated: decided from the teacher's answer to the probe batch (see <see cref="TeacherChecks"/>).
    /// </summary>
    Detect,

    /// <summary>Classification: unnormalised log-probabilities [N, C].</summary>
    Logits,

    /// <summary>Classification: probabilities [N, C], each row in [0, 1] and summing to 1.</summary>
    Probabilities,

    /// <summary>Regression: a Gaussian per row, [N, 2] = (mean, variance) in target units.</summary>
    Gaussian,
}
