namespace Hydra.Core.Safetensors;

/// <summary>What a safetensors file holds: tensors by name, in header order, and the free-form metadata.</summary>
public sealed class SafetensorsContent
{
    public SafetensorsContent(IReadOnlyDictionary<string, SafeTensor> tensors, IReadOnlyDictionary<string,
        string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        Tensors = tensors;
        Metadata = metadata;
    }

    public IReadOnlyDictionary<string, SafeTensor> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }
}
