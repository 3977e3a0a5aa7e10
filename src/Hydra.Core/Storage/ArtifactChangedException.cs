namespace Hydra.Core.Storage;

/// <summary>
/// An artifact read by version (<see cref="IArtifactStore.OpenReadAsync"/>) was replaced since that version was listed:
/// the reader would mix two contents, so nothing is read.
/// </summary>
public sealed class ArtifactChangedException : IOException
{
    public ArtifactChangedException()
        : this("The artifact changed since it was listed.")
    {
    }

    public ArtifactChangedException(string message)
        : base(message)
    {
    }

    public ArtifactChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArtifactChangedException(string path, string expectedVersion, Exception? innerException = null)
        : base($"'{path}' changed since it was listed (version {expectedVersion}).", innerException)
    {
        Path = path;
    }

    public string? Path { get; }
}
