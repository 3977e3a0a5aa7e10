using Hydra.Core.Errors;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Hydra.Serving.Http;

/// <summary>
/// The one place where errors become RFC 7807 problem responses: a <see cref="HydraException"/>'s kind picks the
/// status, its code the type, its details the extension members. Anything else is a 500 that reveals no internals.
/// </summary>
public static class ProblemResponses
{
    /// <summary>The prefix of every problem <c>type</c>; the rest is the <see cref="HydraException.Code"/>.</summary>
    public const string TypePrefix = "urn:hydra:problem:";

    /// <summary>The code of a 500: the server's fault, whatever it was.</summary>
    public const string InternalErrorCode = "internal-error";

    /// <summary>The HTTP status of an error kind.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Permanent => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A problem response for <paramref name="error"/>; anything untyped or transient is a 500.</summary>
    public static JsonResponse From(Exception error, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(request);
        var typed = error switch
        {
            HydraException hydra => hydra,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                new PayloadTooLargeException(
                    request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => new InvalidInputException(bad.Message, innerException: bad),
            _ => null,
        };

        if (typed is null || typed.Kind == ErrorKind.Transient)
        {
            return Create(StatusCodes.Status500InternalServerError, InternalErrorCode,
                "The server failed to handle the request.", request, null);
        }

        if (typed is PayloadTooLargeException)
        {
            // The body was refused unread: the server will close the connection rather than drain it, so say so now,
            // or a client that pools connections sends its next request into a socket that is closing.
            request.HttpContext.Response.Headers.Connection = "close";
        }

        var extensions = new Dictionary<string, object?>(typed.Details);
        return Create(StatusOf(typed.Kind), typed.Code, typed.Message, request, extensions);
    }

    /// <summary>A problem response with a status, a stable code (the type's suffix) and extension members.</summary>
    public static JsonResponse Create(int status, string code, string detail, HttpRequest request,
        Dictionary<string, object?>? extensions = null)
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
