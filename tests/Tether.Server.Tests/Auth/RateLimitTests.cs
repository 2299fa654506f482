using System.Net;
using Tether.Server.Http;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class RateLimitTests
{
    // One request back every quarter hour: a slow run cannot refill a bucket between the requests a test counts.
    private const double RefillTooSlowToMatter = 1.0 / 900;

    [Fact]
    public async Task A_credential_over_its_burst_gets_429_with_retry_after_while_others_are_served()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            RateLimits = new RateLimitOptions { PerCredentialBurst = 5, PerCredentialPerSecond = RefillTooSlowToMatter },
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
            RateLimits = new RateLimitOptions { AnonymousBurst = 3, AnonymousPerSecond = RefillTooSlowToMatter },
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

    [Fact]
    public async Task A_long_lived_viewer_socket_is_counted_when_it_arrives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            RateLimits = new RateLimitOptions { PerCredentialBurst = 3, PerCredentialPerSecond = RefillTooSlowToMatter },
        });
        using var client = server.CreateClient();
        var id = await client.CreateSessionAsync();

        await using var viewer = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken, cancellationToken: timeout.Token);
        using var third = await client.GetAsync($"/v1/sessions/{id}", timeout.Token);
        using var fourth = await client.GetAsync($"/v1/sessions/{id}", timeout.Token);
        var refused = await Record.ExceptionAsync(() => SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken, cancellationToken: timeout.Token));

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.IsType<System.Net.WebSockets.WebSocketException>(refused);
        Assert.Null(viewer.CloseStatus);
    }

    [Fact]
    public async Task An_emptied_bucket_serves_again_once_it_refills()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            RateLimits = new RateLimitOptions { PerCredentialBurst = 1, PerCredentialPerSecond = 0.5 },
        });
        using var client = server.CreateClient();
        using var first = await client.GetAsync("/v1/sessions");

        // Half a request a second: the bucket gets its one token back 2 s after the first request, and not before.
        var statuses = new List<HttpStatusCode>();
        await Eventually.TrueAsync(async () =>
        {
            using var again = await client.GetAsync("/v1/sessions");
            statuses.Add(again.StatusCode);
            return again.StatusCode == HttpStatusCode.OK;
        }, because: "the bucket refills");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void A_rate_that_never_refills_is_refused(double perCredential, double anonymous)
    {
        var options = new RateLimitOptions { PerCredentialPerSecond = perCredential, AnonymousPerSecond = anonymous };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimiter(options));
    }
}
