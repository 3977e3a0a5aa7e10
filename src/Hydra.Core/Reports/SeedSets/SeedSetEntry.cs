namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// One seed set of a repeated run: its subfolder (holding its own report and checkpoints) and member seeds.
/// </summary>
public sealed record SeedSetEntry(string Folder, IReadOnlyList<int> Seeds);
