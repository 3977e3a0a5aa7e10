namespace Hydra.Core.Teachers;

/// <summary>
/// One trained model that stands in for an ensemble member: it takes the dataset's raw rows (before the product's
/// normalisation: a teacher owns its preprocessing) and gives class scores or a Gaussian per row. Implementations keep
/// their runtime open between calls and batch large calls themselves.
/// </summary>
public interface ITeacher : IDisposable
{
    /// <summary>The teacher's file name, as cards and reports name it.</summary>
    string Name { get; }

    /// <summary>SHA-256 (lower-case hex) of the teacher's file.</summary>
    string Sha256 { get; }

    TeacherSignature Signature { get; }

    /// <summary>The number of weights the teacher holds (0 when unknown).</summary>
    long Parameters { get; }

    /// <summary>
    /// Outputs for <paramref name="count"/> raw rows laid out row-major in <paramref name="rows"/>: [count, C]
    /// logits or probabilities, or [count, 2] (mean, variance) in target units.
    /// </summary>
    /// <exception cref="TeacherException">The teacher fails to run on the rows.</exception>
    float[] Predict(float[] rows, int count, CancellationToken cancellationToken = default);
}
