using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hydra.Serving.Tests;

public sealed class ProblemResponsesTests
{
    /// <summary>The one status table of the HTTP surface, written out by hand.</summary>
    [Theory]
    [InlineData(ErrorKind.InvalidInput, 400)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.TooLarge, 413)]
    [InlineData(ErrorKind.Unavailable, 503)]
    [InlineData(ErrorKind.Permanent, 422)]
    [InlineData(ErrorKind.Transient, 500)]
    public void StatusOf_EachKind_IsItsHttpStatus(ErrorKind kind, int status)
    {
        Assert.Equal(status, ProblemResponses.StatusOf(kind));
    }

    /// <summary>Each scoring error, its wire code and its kind: the problem <c>type</c>s clients read.</summary>
    public static TheoryData<HydraException, string, ErrorKind> ScoringTable => new()
    {
        { new InvalidInputException("bad row"), "invalid-input", ErrorKind.InvalidInput },
        { new ModelNotFoundException("m"), "unknown-model", ErrorKind.NotFound },
        { new BatchTooLargeException(9, 8), "batch-too-large", ErrorKind.TooLarge },
        { new PayloadTooLargeException(1024), "payload-too-large", ErrorKind.TooLarge },
        { new ModelUnavailableException("m", "checksum mismatch"), "model-unavailable", ErrorKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(ScoringTable))]
    public void ScoringError_HasItsStableCodeAndKind(HydraException error, string code, ErrorKind kind)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(kind, error.Kind);
    }

    [Theory]
    [InlineData("model-unavailable", 503)]
    [InlineData("job-conflict", 409)]
    [InlineData("training-diverged", 422)]
    public void From_DomainError_HasTheKindsStatusItsCodeAndMessage(string code, int status)
    {
        HydraException error = code switch
        {
            "model-unavailable" => new ModelUnavailableException("m", "graph missing"),
            "job-conflict" => new JobConflictException("Job 'a' exists with other content."),
            _ => new TestPermanentException(),
        };

        var problem = Problem(ProblemResponses.From(error, Request()), status);

        Assert.Equal("urn:hydra:problem:" + code, problem.Type);
        Assert.Equal(code, problem.Extensions["code"]);
        Assert.Equal(error.Message, problem.Detail);
    }

    [Fact]
    public void From_InvalidInputWithAPlace_CopiesRowAndColumn()
    {
        var error = new InvalidInputException("NaN", row: 3, column: 1);

        var problem = Problem(ProblemResponses.From(error, Request()), 400);

        Assert.Equal(3, problem.Extensions["row"]);
        Assert.Equal(1, problem.Extensions["column"]);
    }

    [Fact]
    public void From_TooLarge_CopiesTheBound()
    {
        var batch = Problem(ProblemResponses.From(new BatchTooLargeException(300, 256), Request()), 413);
        var request = Request();
        var payload = Problem(ProblemResponses.From(new PayloadTooLargeException(4096), request), 413);

        Assert.Equal(256, batch.Extensions["max_rows"]);
        Assert.Equal(4096L, payload.Extensions["max_bytes"]);
        Assert.Equal("close", request.HttpContext.Response.Headers.Connection.ToString());
    }

    [Fact]
    public void From_JobValidation_CopiesTheFieldErrors()
    {
        var errors = new Dictionary<string, string[]> { ["members"] = ["must be from 1 to 16"] };

        var problem = Problem(ProblemResponses.From(new JobValidationException(errors), Request()), 400);

        Assert.Equal("urn:hydra:problem:invalid-job", problem.Type);
        Assert.Same(errors, problem.Extensions["errors"]);
    }

    [Fact]
    public void From_UntypedOrTransientError_Is500RevealingNothing()
    {
        var bug = new InvalidOperationException("secret path /srv/x");

        var untyped = Problem(ProblemResponses.From(bug, Request()), 500);
        var transient = Problem(ProblemResponses.From(new TestTransientException(), Request()), 500);

        Assert.Equal("The server failed to handle the request.", untyped.Detail);
        Assert.Equal("urn:hydra:problem:internal-error", untyped.Type);
        Assert.Equal("The server failed to handle the request.", transient.Detail);
    }

    [Fact]
    public void From_BadHttpRequest_IsInvalidInput()
    {
        var problem = Problem(ProblemResponses.From(new BadHttpRequestException("Unexpected end of request content."),
            Request()), 400);

        Assert.Equal("urn:hydra:problem:invalid-input", problem.Type);
        Assert.Equal("Unexpected end of request content.", problem.Detail);
    }

    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/x";
        return context.Request;
    }

    private static ProblemDetails Problem(JsonResponse response, int status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(JsonResponse.ProblemContentType, response.ContentType);
        var problem = Assert.IsType<ProblemDetails>(response.Body);
        Assert.Equal(status, problem.Status);
        return problem;
    }

    private sealed class TestPermanentException()
        : HydraException("training-diverged", ErrorKind.Permanent, "Loss is NaN.");

    private sealed class TestTransientException()
        : HydraException("flaky", ErrorKind.Transient, "secret connection string");
}
