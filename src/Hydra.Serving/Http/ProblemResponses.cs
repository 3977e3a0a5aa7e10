using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Hydra.Serving.Http;

/// <summary>The one place where errors become RFC 7807 problem responses, and typed errors get their 4xx status.</summary>
public static class ProblemResponses
{
    /// <summary>The prefix of every problem <c>type</c>; the rest is the error's <see cref="ScoringException.Code"/>.</summary>
    public const string TypePrefix = "urn:hydra:problem:";

    /// <summary>The status code for a typed scoring error.</summary>
    public static int StatusOf(ScoringException error) => error switch
    {
        InvalidInputException => StatusCodes.Status400BadRequest,
        ModelNotFoundException => StatusCodes.Status404NotFound,
        BatchTooLargeException or PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
        ModelUnavailableException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A problem response for <paramref name="error"/>; anything untyped is a 500 that reveals no internals.</summary>
    public static JsonResponse From(Exception error, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(request);
        var typed = error switch
        {
            ScoringException scoring => scoring,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new PayloadTooLargeException(request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => new InvalidInputException(bad.Message, innerException: bad),
            _ => null,
        };

        if (typed is null)
        {
            return Create(StatusCodes.Status500InternalServerError, "internal-error", "The server failed to handle the request.", request, null);
        }

        if (typed is PayloadTooLargeException)
        {
            // The body was refused unread: the server will close the connection rather than drain it, so say so now,
            // or a client that pools connections sends its next request into a socket that is closing.
            request.HttpContext.Response.Headers.Connection = "close";
        }

        var extensions = new Dictionary<string, object?>();
        switch (typed)
        {
            case InvalidInputException { Row: { } row } invalid:
                extensions["row"] = row;
                if (invalid.Column is { } column)
                {
                    extensions["column"] = column;
                }

                break;
            case BatchTooLargeException batch:
                extensions["max_rows"] = batch.MaxRows;
                break;
            case PayloadTooLargeException payload:
                extensions["max_bytes"] = payload.MaxBytes;
                break;
        }

        return Create(StatusOf(typed), typed.Code, typed.Message, request, extensions);
    }

    /// <summary>A problem response with a status, a stable code (the type's suffix) and extension members.</summary>
    public static JsonResponse Create(int status, string code, string detail, HttpRequest request, Dictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problem = new ProblemDetails
        {
            Type = TypePrefix + code,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
            Instance = request.Path.Value,
        };
        problem.Extensions["code"] = code;
        // Open Inference Protocol clients read an "error" member; problem+json allows extension members.
        problem.Extensions["error"] = detail;
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        return new JsonResponse(status, problem, JsonResponse.ProblemContentType);
    }
}
