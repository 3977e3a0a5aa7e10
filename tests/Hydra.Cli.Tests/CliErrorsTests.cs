using Hydra.Azure.Configuration;
using Hydra.Azure.Jobs;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;
using Hydra.Onnx;
using Hydra.Serving.Scoring;
using Hydra.Training.Pipeline;

namespace Hydra.Cli.Tests;

public sealed class CliErrorsTests
{
    /// <summary>
    /// Every domain exception of the product, its stable code, the kind that is true for it and the exit code the CLI
    /// gives it: written out by hand, so a change to any column is a decision, not an accident.
    /// </summary>
    public static TheoryData<HydraException, string, ErrorKind, int> Table => new()
    {
        { new InvalidInputException("bad row"), "invalid-input", ErrorKind.InvalidInput, 2 },
        { new ModelNotFoundException("m"), "unknown-model", ErrorKind.NotFound, 2 },
        { new BatchTooLargeException(9, 8), "batch-too-large", ErrorKind.TooLarge, 2 },
        { new PayloadTooLargeException(1024), "payload-too-large", ErrorKind.TooLarge, 2 },
        { new ModelUnavailableException("m", "no graph"), "model-unavailable", ErrorKind.Unavailable, 1 },
        { new OnnxExportException("hash"), "export-failed", ErrorKind.InvalidInput, 2 },
        { new JobUpdateConflictException("job-1", 5, null), "job-update-conflict", ErrorKind.Unavailable, 1 },
        { new HydraSettingException("HydraStorage:x", "missing"), "invalid-setting", ErrorKind.InvalidInput, 2 },
        { new ArchitectureValidationException("bad layer"), "invalid-architecture", ErrorKind.InvalidInput, 2 },
        { new CheckpointException("corrupt"), "invalid-checkpoint", ErrorKind.InvalidInput, 2 },
        { new InvalidWorkItemException("not JSON"), "invalid-work-item", ErrorKind.InvalidInput, 2 },
        { new JobValidationException("bad job"), "invalid-job", ErrorKind.InvalidInput, 2 },
        { new JobNotFoundException("job-1"), "unknown-job", ErrorKind.NotFound, 2 },
        { new JobConflictException("same id"), "job-conflict", ErrorKind.Conflict, 2 },
        { new SafetensorsFormatException("short"), "invalid-safetensors", ErrorKind.InvalidInput, 2 },
        { new DatasetFormatException("a.csv", "no rows"), "invalid-dataset", ErrorKind.InvalidInput, 2 },
        { new DatasetNotFoundException("no such"), "unknown-dataset", ErrorKind.NotFound, 2 },
        { new DatasetUnavailableException("not installed"), "dataset-unavailable", ErrorKind.Unavailable, 1 },
        { new TrainingDivergedException("NaN loss"), "training-diverged", ErrorKind.Permanent, 1 },
        { new InvalidRequestException("limit"), "invalid-input", ErrorKind.InvalidInput, 2 },
        { new InputNotFoundException("Input file", "x.csv"), "input-not-found", ErrorKind.NotFound, 2 },
        { new TeacherException("a.onnx", "NaN"), "invalid-teacher", ErrorKind.InvalidInput, 2 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void DomainError_HasItsCodeKindAndExitCode(HydraException error, string code, ErrorKind kind, int exitCode)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(exitCode, CliErrors.ExitCodeOf(error));
    }

    [Theory]
    [InlineData(ErrorKind.InvalidInput, 2)]
    [InlineData(ErrorKind.NotFound, 2)]
    [InlineData(ErrorKind.Conflict, 2)]
    [InlineData(ErrorKind.TooLarge, 2)]
    [InlineData(ErrorKind.Unavailable, 1)]
    [InlineData(ErrorKind.Permanent, 1)]
    [InlineData(ErrorKind.Transient, 1)]
    public void ExitCodeOf_EachKind_IsTwoForCallerErrorsElseOne(ErrorKind kind, int exitCode)
    {
        Assert.Equal(exitCode, CliErrors.ExitCodeOf(new KindOnlyException(kind)));
    }

    [Fact]
    public void ExitCodeOf_UnexpectedException_IsOne()
    {
        Assert.Equal(1, CliErrors.ExitCodeOf(new ArgumentException("a bug")));
    }

    [Fact]
    public void Describe_SettingsAHostCouldNotBindOrRefused_AreOneLineAndExitTwo()
    {
        var unreadable = new InvalidOperationException(
            "Failed to convert configuration value 'lots' at 'Hydra:Scoring:MaxBatchRows' to type 'System.Int32'.");
        var refused = new Microsoft.Extensions.Options.OptionsValidationException("x", typeof(object), ["A is 0.",
            "B is -1."]);
        var unrelated = new InvalidOperationException("Sequence contains no elements");

        Assert.Equal("error: Failed to convert configuration value 'lots' at 'Hydra:Scoring:MaxBatchRows' to type "
            + "'System.Int32'. Fix the setting or leave it unset.", CliErrors.Describe(unreadable, trace: false));
        Assert.Equal("error: A is 0. B is -1.", CliErrors.Describe(refused, trace: false));
        Assert.Equal([2, 2, 1], new Exception[] { unreadable, refused, unrelated }.Select(CliErrors.ExitCodeOf));
    }

    [Fact]
    public void Describe_DomainError_IsOneLineWithItsMessage()
    {
        var line = CliErrors.Describe(new JobNotFoundException("job-1"), trace: true);

        Assert.Equal("error: No training job 'job-1'.", line);
    }

    [Fact]
    public void Describe_UnexpectedError_NamesItsTypeAndHowToSeeTheStack()
    {
        var line = CliErrors.Describe(new InvalidOperationException("Sequence contains\nno elements"), trace: false);

        Assert.Equal("error: InvalidOperationException: Sequence contains no elements (this is a bug or an environment "
            + "problem; set HYDRA_TRACE=1 to print the stack)", line);
    }

    [Fact]
    public void Describe_UnexpectedErrorWithTrace_AddsTheStackAfterTheLine()
    {
        Exception error;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }

        var lines = CliErrors.Describe(error, trace: true).Split(Environment.NewLine);

        Assert.Equal("error: InvalidOperationException: boom", lines[0]);
        Assert.StartsWith("System.InvalidOperationException: boom", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(nameof(Describe_UnexpectedErrorWithTrace_AddsTheStackAfterTheLine),
            StringComparison.Ordinal));
    }

    private sealed class KindOnlyException(ErrorKind kind) : HydraException("test", kind, "test");
}
