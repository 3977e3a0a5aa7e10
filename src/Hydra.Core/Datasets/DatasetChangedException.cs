using Hydra.Core.Errors;

namespace Hydra.Core.Datasets;

/// <summary>
/// A stored dataset is no longer what the job was submitted with (a file replaced, removed or grown since): training
/// on it would not be the job that was accepted, so the job fails with this reason and is not retried.
/// </summary>
public sealed class DatasetChangedException : HydraException
{
    public const string ErrorCode = "dataset-changed";

    public DatasetChangedException()
        : this("The dataset changed after the job was submitted.")
    {
    }

    public DatasetChangedException(string message)
        : base(ErrorCode, ErrorKind.Permanent, message)
    {
    }

    public DatasetChangedException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Permanent, message, innerException)
    {
    }

    /// <summary>"Dataset '{reference}' changed after the job was submitted: {what}. Submit the job again."</summary>
    public static DatasetChangedException Of(string name, string what, Exception? innerException = null)
    {
        var message = $"Dataset '{DatasetReference.Of(name)}' changed after the job was submitted: {what}. Submit "
            + "the job again to train on the new data.";
        return innerException is null ? new(message) : new(message, innerException);
    }
}
