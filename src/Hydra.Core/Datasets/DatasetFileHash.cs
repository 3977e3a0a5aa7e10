namespace Hydra.Core.Datasets;

/// <summary>One downloaded dataset file: its path in the dataset's folder, its size and its SHA-256 (hex).</summary>
public sealed record DatasetFileHash(string Path, long Bytes, string Sha256);
