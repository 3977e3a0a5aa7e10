using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>A training request that can never run; <see cref="Errors"/> maps field names to messages.</summary>
public sealed class JobValidationException : HydraException
{
    public const string ErrorCode = "invalid-job";

    public JobValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(ErrorCode, ErrorKind.InvalidInput, "Invalid training job: " + Describe(errors))
    {
        Errors = errors;
    }

    public JobValidationException() : this(new Dictionary<string, string[]>())
    {
    }

    public JobValidationException(string message) : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public JobValidationException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        new Dictionary<string, object?> { ["errors"] = Errors };

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
