using Hydra.Core.Storage;

namespace Hydra.Serving.Scoring;

/// <summary>Where the registry reads models: <c>{Prefix}/{modelId}/manifest.json + model.onnx</c> in a store.</summary>
public sealed record ModelStore(IArtifactStore Store, string Prefix)
{
    /// <summary>
    /// A folder of model folders. The store is rooted one level up, so the folder is the registry's prefix as
    /// "models" is in blob storage.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is the file system root.</exception>
    public static ModelStore Folder(string modelsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsPath);
        var models = Path.GetFullPath(modelsPath).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(models)
            ?? throw new ArgumentException("The models folder cannot be the file system root.", nameof(modelsPath));
        return new ModelStore(new FolderArtifactStore(parent), Path.GetFileName(models));
    }
}
