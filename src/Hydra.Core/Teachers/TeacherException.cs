using Hydra.Core.Errors;

namespace Hydra.Core.Teachers;

/// <summary>
/// A teacher that cannot stand in for a member: it does not load, breaks a bound, disagrees with the other teachers
/// or the dataset, or answers with non-finite values. The message names the teacher.
/// </summary>
public sealed class TeacherException : HydraException
{
    public const string ErrorCode = "invalid-teacher";

    public TeacherException()
        : this("The teacher is not valid.")
    {
    }

    public TeacherException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public TeacherException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>"Teacher '{teacher}': {problem}".</summary>
    public TeacherException(string teacher, string problem, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.InvalidInput, $"Teacher '{teacher}': {problem}", innerException)
    {
        Teacher = teacher;
    }

    /// <summary>The teacher's name, when one teacher is at fault.</summary>
    public string? Teacher { get; }

    public override IReadOnlyDictionary<string, object?> Details => Teacher is null
        ? base.Details
        : new Dictionary<string, object?> { ["teacher"] = Teacher };
}
