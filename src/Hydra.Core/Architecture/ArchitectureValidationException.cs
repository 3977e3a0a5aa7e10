using Hydra.Core.Errors;

namespace Hydra.Core.Architecture;

/// <summary>An architecture spec that cannot be built; <see cref="Errors"/> names each bad layer and why.</summary>
public sealed class ArchitectureValidationException : HydraException
{
    public const string ErrorCode = "invalid-architecture";

    public ArchitectureValidationException(IReadOnlyList<string> errors)
        : base(ErrorCode, ErrorKind.InvalidInput, "Invalid architecture spec: " + string.Join("; ", errors)) =>
        Errors = errors;

    public ArchitectureValidationException()
        : this([]) { }

    public ArchitectureValidationException(string message)
        : this([message]) { }

    public ArchitectureValidationException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        new Dictionary<string, object?> { ["errors"] = Errors };
}
