namespace Hydra.Core.Models;

/// <summary>
/// The checkpoint the model was exported from and its weights' SHA-256. For an ensemble graph the folder is the run
/// folder, <see cref="Members"/> lists each member, and the hash is the SHA-256 of the member hashes joined by '\n'.
/// </summary>
public sealed record ManifestSource(string CheckpointFolder, string Sha256,
    IReadOnlyList<ManifestSource>? Members = null);
