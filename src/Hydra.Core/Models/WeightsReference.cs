namespace Hydra.Core.Models;

/// <summary>The weights file next to the card and its SHA-256 (lower-case hex), checked before use.</summary>
public sealed record WeightsReference(string File, string Sha256);
