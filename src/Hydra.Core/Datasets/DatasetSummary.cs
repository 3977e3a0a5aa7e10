namespace Hydra.Core.Datasets;

/// <summary><c>GET /api/datasets</c>: one stored dataset in a few words.</summary>
public sealed record DatasetSummary(string Name, string Dataset, bool Committed, int Files, long Bytes);
