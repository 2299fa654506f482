using System.Net;
using Tether.Server.Http;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_credential_over_its_burst_gets_429_with_retry_after_while_others_are_served()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            RateLimits = new RateLimitOptions { PerCredentialBurst = 5, PerCredentialPerSecond = 1 },
        });
        using var greedy = server.CreateClient();
        using var other = server.CreateClient("another-credential");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await greedy.GetAsync("/v1/sessions");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
                Assert.Equal("rate_limit_error", (await response.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
            }
        }

        using var others = await other.GetAsync("/v1/sessions");
        using var health = await greedy.GetAsync("/healthz");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Take(5).All(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.Unauthorized, others.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Requests_without_credentials_are_limited_per_client_address()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            RateLimits = new RateLimitOptions { AnonymousBurst = 3, AnonymousPerSecond = 1 },
        });
        using var anonymous = server.CreateClient(token: null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await anonymous.GetAsync("/v1/sessions");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
