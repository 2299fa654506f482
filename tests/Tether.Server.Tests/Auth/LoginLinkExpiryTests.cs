using System.Net;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class LoginLinkExpiryTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(customize: o => o with { TimeProvider = _clock });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Expired_link_shows_410_and_sets_no_cookie()
    {
        using var owner = _server.CreateClient();
        var link = await owner.PostJsonAsync("/v1/auth/login-links", """{"ttl_seconds":120}""");
        using var browser = new BrowserClient(_server.BaseAddress);

        _clock.Advance(TimeSpan.FromSeconds(121));
        using var response = await browser.OpenAsync(link["url"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Empty(BrowserClient.SetCookies(response));
        Assert.Null(browser.Session);
    }

    [Fact]
    public async Task Web_session_ends_after_30_days()
    {
        using var owner = _server.CreateClient();
        var link = await owner.PostJsonAsync("/v1/auth/login-links", "{}");
        using var browser = new BrowserClient(_server.BaseAddress);
        using var redeemed = await browser.OpenAsync(link["url"]!.GetValue<string>());
        using var before = await browser.GetAsync("/v1/auth/me");

        _clock.Advance(TimeSpan.FromDays(30));
        using var after = await browser.GetAsync("/v1/auth/me");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
