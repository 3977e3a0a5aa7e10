namespace Hydra.Core.Datasets;

/// <summary>One file in a dataset's folder: its path there, its size, and whether a job trains on it.</summary>
public sealed record DatasetFileEntry(string Path, long Bytes, bool Used);
