using System.Net;

namespace Hydra.Serving.Tests;

/// <summary>
/// What <c>hydra serve</c> answers where no route does: problem+json with the protocol's "error" member, never an
/// empty body.
/// </summary>
public sealed class UnroutedRequestTests : IClassFixture<ServingHostFixture>
{
    private readonly ServingHostFixture _host;

    public UnroutedRequestTests(ServingHostFixture host)
    {
        _host = host;
    }

    [Theory]
    [InlineData("/nothing/here")]
    [InlineData("/v2/models/tiny/explain")]
    [InlineData("/v3")]
    public async Task Get_UnknownPath_Is404ProblemNamingThePath(string path)
    {
        var response = await _host.Client.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "unknown-route");
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Contains($"GET {path}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
        Assert.Equal(path, problem.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/v2/models/tiny/infer", "POST")]
    [InlineData("GET", "/v2/models/tiny/infer", "POST")]
    [InlineData("POST", "/v2/health/live", "GET")]
    [InlineData("PUT", "/api/models/tiny", "GET")]
    public async Task WrongMethod_KnownPath_Is405WithAllowAndProblem(string method, string path, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        var response = await _host.Client.SendAsync(request);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal([allowed], response.Content.Headers.Allow);
        Assert.Equal("Method Not Allowed", problem.GetProperty("title").GetString());
        Assert.Contains($"{path} does not answer {method}", problem.GetProperty("error").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownModel_KeepsItsOwnProblemCode()
    {
        var response = await _host.Client.GetAsync(new Uri("/v2/models/absent", UriKind.Relative));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "unknown-model");
    }
}
