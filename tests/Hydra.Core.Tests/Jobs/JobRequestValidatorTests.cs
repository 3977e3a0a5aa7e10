using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Jobs;

public class JobRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Accept_NoJobId_DerivesTheSameIdFromTheSameContent()
    {
        var request = new TrainingJobRequest { Dataset = "spirals", Members = 3 };

        var first = JobRequestValidator.Accept(request, Now);
        var second = JobRequestValidator.Accept(request with { }, Now.AddHours(1));
        var other = JobRequestValidator.Accept(request with { Members = 4 }, Now);

        Assert.Equal(first.JobId, second.JobId);
        Assert.NotEqual(first.JobId, other.JobId);
        Assert.StartsWith("spirals-", first.JobId, StringComparison.Ordinal);
        Assert.True(JobRequestValidator.IsValidId(first.JobId));
    }

    [Fact]
    public void Accept_ClientJobId_IsKeptAndNotPartOfTheStoredRequest()
    {
        var spec = JobRequestValidator.Accept(new TrainingJobRequest { JobId = "my-job-1", Dataset = "spirals" }, Now);

        Assert.Equal("my-job-1", spec.JobId);
        Assert.Null(spec.Request.JobId);
        Assert.Equal(Now, spec.AcceptedAt);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("per-batch", true)]
    [InlineData("pooled", true)]
    [InlineData("pooled-mixed", true)]
    [InlineData("Pooled", false)]
    [InlineData("fast", false)]
    public void Validate_HydraPlusRecipe_IsOneOfTheNamedRecipes(string? recipe, bool valid)
    {
        var errors = JobRequestValidator.Validate(
            new TrainingJobRequest { Dataset = "spirals", HydraPlusRecipe = recipe });

        Assert.Equal(valid, !errors.ContainsKey("hydra_plus_recipe"));
        if (!valid)
        {
            Assert.Equal($"Unknown recipe '{recipe}'; one of: per-batch, pooled, pooled-mixed.",
                errors["hydra_plus_recipe"][0]);
        }
    }

    [Fact]
    public void Accept_UnsetRecipe_KeepsTheDerivedIdOfRequestsWithoutTheField()
    {
        // The field is left out of the canonical JSON when unset, so ids derived before it existed do not change.
        var request = new TrainingJobRequest { Dataset = "spirals", Members = 3 };

        var json = System.Text.Json.JsonSerializer.Serialize(request, HydraJson.Options);
        var pooled = JobRequestValidator.Accept(request with { HydraPlusRecipe = "pooled" }, Now);

        Assert.DoesNotContain("hydra_plus_recipe", json, StringComparison.Ordinal);
        Assert.NotEqual(JobRequestValidator.Accept(request, Now).JobId, pooled.JobId);
    }

    [Fact]
    public void Validate_EveryBadField_IsNamed()
    {
        var request = new TrainingJobRequest
        {
            JobId = "Bad_Id",
            Dataset = "cifar-1000",
            Architecture = "transformer",
            Members = 0,
            MemberEpochs = -1,
            LearningRate = 0,
            Temperature = -2,
            BatchSize = 0,
            TrainLimit = 0,
        };

        var errors = JobRequestValidator.Validate(request);

        Assert.Equal(
            new[] { "architecture", "batch_size", "dataset", "job_id", "learning_rate", "member_epochs", "members",
                "temperature", "train_limit" },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("spirals", errors["dataset"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InlineArchitectureWithWrongShapes_ReportsTheSpecError()
    {
        var broken = new ArchitectureSpec("broken", [2], [new LinearLayer(3, 8), new ReluLayer()], [new LinearLayer(8,
            2)]);

        var errors = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            ArchitectureSpec = broken
        });

        Assert.Equal(["architecture_spec"], errors.Keys);
    }

    [Fact]
    public void Validate_StudentArchitecture_IsCheckedLikeTheMembers()
    {
        var broken = new ArchitectureSpec("broken", [2], [new LinearLayer(3, 8), new ReluLayer()], [new LinearLayer(8,
            2)]);

        var preset = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            StudentArchitecture = "transformer"
        });
        var spec = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            StudentArchitectureSpec = broken
        });
        var fine = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            StudentArchitecture = "toy-mlp"
        });

        Assert.Equal(["student_architecture"], preset.Keys);
        Assert.Contains("student_architecture_spec", preset["student_architecture"][0], StringComparison.Ordinal);
        Assert.Equal(["student_architecture_spec"], spec.Keys);
        Assert.Empty(fine);
    }

    [Theory]
    [InlineData(0, "student_head_width")]
    [InlineData(8193, "student_head_width")]
    public void Validate_StudentHeadWidthOutOfRange_IsNamed(int width, string field)
    {
        var errors = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            StudentHeadWidth = width
        });

        Assert.Equal([field], errors.Keys);
        Assert.Equal($"Must be between 1 and 8192; got {width}.", errors[field][0]);
    }

    [Fact]
    public void Validate_StudentArchitectureOnADistillOnlyJob_IsRefusedNamingArchitecture()
    {
        var errors = JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            Teachers = "teachers/five-mlps",
            StudentArchitecture = "toy-mlp"
        });

        Assert.Equal(["student_architecture"], errors.Keys);
        Assert.Contains("give it as architecture", errors["student_architecture"][0], StringComparison.Ordinal);
        Assert.Empty(JobRequestValidator.Validate(new TrainingJobRequest
        {
            Dataset = "spirals",
            Teachers = "teachers/five-mlps",
            StudentHeadWidth = 128
        }));
    }

    [Fact]
    public void Accept_StudentArchitecture_ChangesTheDerivedIdAndIsOmittedWhenUnset()
    {
        var request = new TrainingJobRequest { Dataset = "spirals" };
        var json = System.Text.Json.JsonSerializer.Serialize(request, HydraJson.Options);

        var wide = JobRequestValidator.Accept(request with { StudentArchitecture = "toy-mlp" }, Now);

        Assert.DoesNotContain("student_architecture", json, StringComparison.Ordinal);
        Assert.NotEqual(JobRequestValidator.Accept(request, Now).JobId, wide.JobId);
    }

    [Fact]
    public void Accept_InvalidRequest_ThrowsWithTheErrors()
    {
        var e = Assert.Throws<JobValidationException>(() => JobRequestValidator.Accept(new TrainingJobRequest
        { Dataset = "nope" }, Now));

        Assert.Equal(["dataset"], e.Errors.Keys);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"members\": \"five\"}")]
    public void Parse_Malformed_ThrowsValidationException(string body)
    {
        var e = Assert.Throws<JobValidationException>(() => JobRequestValidator.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.NotEmpty(e.Errors);
    }

    [Fact]
    public void Parse_SnakeCaseJson_ReadsEveryField()
    {
        var json = """
            {"job_id":"abc","dataset":"spirals","architecture":"toy-mlp","members":3,"member_epochs":2,
            "hydra_plus":false,"seed":5,"train_limit":100,"student_architecture":"toy-mlp"}
            """;

        var request = JobRequestValidator.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new TrainingJobRequest
        {
            JobId = "abc",
            Dataset = "spirals",
            Architecture = "toy-mlp",
            Members = 3,
            MemberEpochs = 2,
            HydraPlus = false,
            Seed = 5,
            TrainLimit = 100,
            StudentArchitecture = "toy-mlp"
        }, request);
    }
}
