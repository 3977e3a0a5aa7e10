using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Tests;

/// <summary><c>hydra serve</c>'s API key: Authorization: Bearer on every route but the health probes.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private const string Key = "s3cret-key-0123456789";

    private readonly TempDirectory _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task Request_WithoutAKey_Is401WithABearerChallenge()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await host.Client.GetAsync(new Uri("/v2/models/tiny", UriKind.Relative));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Null(response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Theory]
    [InlineData("s3cret-key-0123456788")]
    [InlineData("s3cret")]
    [InlineData("s3cret-key-0123456789-and-more")]
    public async Task Request_WithAWrongKey_Is401InvalidToken(string wrong)
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await SendAsync(host, "/v2/models/tiny", new AuthenticationHeaderValue("Bearer", wrong));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter);
        Assert.DoesNotContain(Key, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAnotherScheme_Is401()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await SendAsync(host, "/v2/models/tiny", new AuthenticationHeaderValue("Basic", Key));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Request_WithTheKey_IsAnswered()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await SendAsync(host, "/v2/models/tiny", new AuthenticationHeaderValue("Bearer", Key));

        var body = await HttpAssert.OkJsonAsync(response);
        Assert.Equal("tiny", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Request_KeyFromAFileWithATrailingNewline_IsTheKeyWithoutIt()
    {
        var file = Path.Combine(_keys.Path, "key.txt");
        await File.WriteAllTextAsync(file, Key + "\n");
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKeyFile", file));

        var right = await SendAsync(host, "/v2", new AuthenticationHeaderValue("Bearer", Key));
        var wrong = await SendAsync(host, "/v2", new AuthenticationHeaderValue("Bearer", Key + "x"));

        await HttpAssert.OkJsonAsync(right);
        await HttpAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    public async Task HealthProbes_WithAKeyConfigured_StayOpen(string path)
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        await HttpAssert.OkJsonAsync(response);
    }

    [Fact]
    public async Task UnknownPath_WithoutTheKey_Is401NotA404()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key));

        var response = await host.Client.GetAsync(new Uri("/nothing", UriKind.Relative));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Start_NonLoopbackWithoutAKey_IsRefusedNamingBothWaysOut()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartedHost.StartAsync(("Hydra:Serve:Host", "0.0.0.0")));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Hydra:Serve:Host (env Hydra__Serve__Host) is '0.0.0.0', but must be a loopback address",
            failure, StringComparison.Ordinal);
        Assert.Contains("Hydra__Serve__ApiKey", failure, StringComparison.Ordinal);
        Assert.Contains("--no-auth", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NonLoopbackWithNoAuth_AnswersWithoutAKey()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:Host", "0.0.0.0"),
            ("Hydra:Serve:NoAuth", "true"));

        var response = await host.Client.GetAsync(new Uri("/v2/models/tiny", UriKind.Relative));

        await HttpAssert.OkJsonAsync(response);
    }

    [Fact]
    public async Task Start_NonLoopbackWithAKey_RequiresIt()
    {
        await using var host = await StartedHost.StartAsync(("Hydra:Serve:Host", "0.0.0.0"),
            ("Hydra:Serve:ApiKey", Key));

        var without = await host.Client.GetAsync(new Uri("/v2", UriKind.Relative));
        var with = await SendAsync(host, "/v2", new AuthenticationHeaderValue("Bearer", Key));

        await HttpAssert.ProblemAsync(without, HttpStatusCode.Unauthorized, "unauthorized");
        await HttpAssert.OkJsonAsync(with);
    }

    [Fact]
    public async Task Start_KeyAndNoAuthBoth_IsRefusedWithoutPrintingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartedHost.StartAsync(("Hydra:Serve:ApiKey", Key), ("Hydra:Serve:NoAuth", "true")));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Hydra:Serve:NoAuth (env Hydra__Serve__NoAuth) is ", failure, StringComparison.Ordinal);
        Assert.EndsWith("but must be false when an API key is configured (drop --no-auth or the key).", failure,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyFileMissing_IsRefusedNamingTheFile()
    {
        var missing = Path.Combine(_keys.Path, "absent.txt");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartedHost.StartAsync(("Hydra:Serve:ApiKeyFile", missing)));

        Assert.StartsWith($"Hydra:Serve:ApiKeyFile (env Hydra__Serve__ApiKeyFile) is '{missing}', but must be a "
            + "readable file", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(StartedHost host, string path,
        AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        return await host.Client.SendAsync(request);
    }
}
