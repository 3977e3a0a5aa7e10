namespace Hydra.Core.Teachers;

/// <summary>One file of a job's teachers: its name in the folder, its size and its SHA-256 (hex) once known.</summary>
public sealed record TeacherFile(string Name, long Bytes, string? Sha256 = null);
