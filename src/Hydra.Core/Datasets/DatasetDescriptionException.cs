using Hydra.Core.Errors;

namespace Hydra.Core.Datasets;

/// <summary>
/// A stored dataset's description that cannot be trained on: <see cref="Errors"/> maps each field of dataset.json
/// ("train", "target", "ood.far", …) to what is wrong with it.
/// </summary>
public sealed class DatasetDescriptionException : HydraException
{
    public const string ErrorCode = "invalid-dataset-description";

    public DatasetDescriptionException(string name, IReadOnlyDictionary<string, string[]> errors)
        : base(ErrorCode, ErrorKind.InvalidInput, $"{DatasetReference.Description(name)} cannot be trained on: "
            + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    public DatasetDescriptionException()
        : this("The dataset's description is not valid.")
    {
    }

    public DatasetDescriptionException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public DatasetDescriptionException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>Field of dataset.json → what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        new Dictionary<string, object?> { ["errors"] = Errors };
}
