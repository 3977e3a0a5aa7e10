namespace Hydra.Core.Models;

/// <summary>
/// The card's pointer to the rows that calibrate the model's out-of-distribution flag: the file in the checkpoint
/// folder, its SHA-256, how many rows it holds and where they came from.
/// </summary>
public sealed record CalibrationReference(string File, string Sha256, int Rows, string Source);
