using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;

namespace Hydra.Core.Tests.Errors;

public sealed class CoreErrorsTests
{
    /// <summary>Each Core error, its wire code and its kind, written by hand: a change here breaks clients.</summary>
    public static TheoryData<HydraException, string, ErrorKind> Table => new()
    {
        { new ArchitectureValidationException("bad layer"), "invalid-architecture", ErrorKind.InvalidInput },
        { new CheckpointException("hash mismatch"), "invalid-checkpoint", ErrorKind.InvalidInput },
        { new InvalidWorkItemException("not JSON"), "invalid-work-item", ErrorKind.InvalidInput },
        { new JobValidationException("bad job"), "invalid-job", ErrorKind.InvalidInput },
        { new JobNotFoundException("job-1"), "unknown-job", ErrorKind.NotFound },
        { new JobConflictException("same id"), "job-conflict", ErrorKind.Conflict },
        { new SafetensorsFormatException("short header"), "invalid-safetensors", ErrorKind.InvalidInput },
        { new DatasetFormatException("a.csv", "no rows"), "invalid-dataset", ErrorKind.InvalidInput },
        { new DatasetNotFoundException("no such"), "unknown-dataset", ErrorKind.NotFound },
        { new DatasetUnavailableException("not installed"), "dataset-unavailable", ErrorKind.Unavailable },
        { new InvalidRequestException("limit"), "invalid-input", ErrorKind.InvalidInput },
        { new InputNotFoundException("Input file", "x.csv"), "input-not-found", ErrorKind.NotFound },
        { new TeacherException("a.onnx", "two inputs"), "invalid-teacher", ErrorKind.InvalidInput },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void CoreError_HasItsStableCodeAndKind(HydraException error, string code, ErrorKind kind)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(kind, ErrorKinds.Of(error));
    }

    [Fact]
    public void JobValidationException_Details_CarryTheFieldErrors()
    {
        var errors = new Dictionary<string, string[]> { ["members"] = ["must be at least 1"] };

        var details = new JobValidationException(errors).Details;

        Assert.Equal(["errors"], details.Keys);
        Assert.Same(errors, details["errors"]);
    }

    [Fact]
    public void ArchitectureValidationException_Details_ListTheLayerErrors()
    {
        var error = new ArchitectureValidationException(["body[0]: too wide", "head[1]: unknown"]);

        var details = error.Details;

        Assert.Equal("Invalid architecture spec: body[0]: too wide; head[1]: unknown", error.Message);
        var listed = Assert.IsAssignableFrom<IReadOnlyList<string>>(details["errors"]);
        Assert.Equal(["body[0]: too wide", "head[1]: unknown"], listed);
    }

    [Fact]
    public void Details_OfAnErrorWithoutFacts_AreEmpty()
    {
        Assert.Empty(new JobConflictException("same id").Details);
        Assert.Empty(new CheckpointException("corrupt").Details);
    }

    [Fact]
    public void TeacherException_NamesTheTeacherInItsMessageAndDetails()
    {
        var error = new TeacherException("a.onnx", "it has 2 inputs.");

        Assert.Equal("Teacher 'a.onnx': it has 2 inputs.", error.Message);
        Assert.Equal("a.onnx", error.Details["teacher"]);
    }

    [Fact]
    public void InputNotFoundException_NamesTheRoleAndThePath()
    {
        var error = new InputNotFoundException("Checkpoint folder", "runs/a/members/0");

        Assert.Equal("Checkpoint folder 'runs/a/members/0' does not exist.", error.Message);
        Assert.Equal("runs/a/members/0", error.Path);
    }
}
