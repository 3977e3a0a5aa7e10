namespace Hydra.Core.Data.Tabular;

/// <summary>What inspection found in one column: its kind, missing cells, distinct values and a first value.</summary>
public sealed record ColumnSummary(string Name, ColumnKind Kind, int Missing, int Distinct, string? Example);
