namespace Hydra.Core.Models;

/// <summary>A teacher a checkpoint was distilled from: its file name and the file's SHA-256 (lower-case hex).</summary>
public sealed record TeacherReference(string Name, string Sha256);
