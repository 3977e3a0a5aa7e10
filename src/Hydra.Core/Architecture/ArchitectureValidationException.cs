namespace Hydra.Core.Architecture;

/// <summary>An architecture spec that cannot be built; <see cref="Errors"/> names each bad layer and why.</summary>
public sealed class ArchitectureValidationException : Exception
{
    public ArchitectureValidationException(IReadOnlyList<string> errors)
        : base("Invalid architecture spec: " + string.Join("; ", errors)) => Errors = errors;

    public ArchitectureValidationException()
        : this([]) { }

    public ArchitectureValidationException(string message)
        : this([message]) { }

    public ArchitectureValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
