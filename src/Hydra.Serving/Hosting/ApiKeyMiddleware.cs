using System.Security.Cryptography;
using System.Text;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Hydra.Serving.Hosting;

/// <summary>
/// Requires <c>Authorization: Bearer {key}</c> on every request when <c>hydra serve</c> has an API key, except the
/// health probes (<c>/v2/health/live</c> and <c>/v2/health/ready</c>), which orchestrators call without credentials
/// and which say nothing but that the process is up. Anything else without the key is a 401 problem response.
/// </summary>
public sealed class ApiKeyMiddleware
{
    public const string UnauthorizedCode = "unauthorized";

    private static readonly PathString[] OpenPaths = [new("/v2/health/live"), new("/v2/health/ready")];

    private readonly RequestDelegate _next;
    private readonly ILogger _logger;

    // Keys are compared as SHA-256 hashes, so the comparison takes the same time whatever the key's length.
    private readonly byte[]? _keyHash;

    public ApiKeyMiddleware(RequestDelegate next, IOptions<ServeOptions> options, ILogger<ApiKeyMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _logger = logger;
        var key = ServeApiKey.Read(options.Value);
        _keyHash = string.IsNullOrEmpty(key) ? null : Hash(key);
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_keyHash is null || OpenPaths.Contains(context.Request.Path))
        {
            return _next(context);
        }

        var presented = BearerToken(context.Request);
        return presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _keyHash)
            ? _next(context)
            : RefuseAsync(context, presented is null);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null when there is none.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private Task RefuseAsync(HttpContext context, bool missing)
    {
        var request = context.Request;
        var detail = missing
            ? "This server requires an API key: send it as Authorization: Bearer <key>."
            : "The API key sent in Authorization is not the one this server accepts.";
        ServingLog.RequestRejected(_logger, request.Path.Value ?? "", StatusCodes.Status401Unauthorized,
            UnauthorizedCode, detail);

        // RFC 6750: a challenge always, and error="invalid_token" when a token was sent but is wrong.
        context.Response.Headers[HeaderNames.WWWAuthenticate] = missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problem = ProblemResponses.Create(StatusCodes.Status401Unauthorized, UnauthorizedCode, detail, request);
        return problem.WriteAsync(context);
    }
}
