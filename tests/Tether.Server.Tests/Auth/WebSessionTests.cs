using System.Net;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class WebSessionTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;
    private BrowserClient _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _owner = _server.CreateClient();
        _browser = new BrowserClient(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Login_link_sets_strict_http_only_cookies_once_and_redirects_home()
    {
        var link = await _owner.PostJsonAsync("/v1/auth/login-links", "");

        using var first = await _browser.OpenAsync(link["url"]!.GetValue<string>());
        using var second = await new BrowserClient(_server.BaseAddress).OpenAsync(link["url"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal("/", first.Headers.Location!.OriginalString);
        var cookies = BrowserClient.SetCookies(first);
        var session = Assert.Single(cookies, c => c.StartsWith("tether_session=", StringComparison.Ordinal)).ToLowerInvariant();
        var csrf = Assert.Single(cookies, c => c.StartsWith("tether_csrf=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=strict", session);
        Assert.Contains("path=/", session);
        Assert.DoesNotContain("secure", session);
        Assert.DoesNotContain("httponly", csrf);
        Assert.Contains("samesite=strict", csrf);

        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Empty(BrowserClient.SetCookies(second));
        Assert.Contains("no longer works", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_public_url_is_https()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            PublicUrl = "https://tether.example",
        });
        using var owner = server.CreateClient();
        var link = await owner.PostJsonAsync("/v1/auth/login-links", "");
        using var browser = new BrowserClient(server.BaseAddress);

        using var response = await browser.OpenAsync(new Uri(link["url"]!.GetValue<string>()).AbsolutePath);

        Assert.StartsWith("https://tether.example/login/", link["url"]!.GetValue<string>());
        Assert.All(BrowserClient.SetCookies(response), c => Assert.Contains("secure", c.ToLowerInvariant()));
    }

    [Fact]
    public async Task Cookie_session_authenticates_me_with_web_session_scopes()
    {
        await SignInAsync();

        using var response = await _browser.GetAsync("/v1/auth/me");
        var me = await response.ReadNodeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("web_session", me["credential"]!.GetValue<string>());
        Assert.Equal("owner", me["role"]!.GetValue<string>());
        Assert.Equal("owner@localhost", me["email"]!.GetValue<string>());
        Assert.Equal(["admin", "read", "remote_control", "write"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task State_changing_cookie_requests_need_the_csrf_token_and_our_origin()
    {
        await SignInAsync();

        using var noToken = await _browser.SendAsync(HttpMethod.Post, "/v1/sessions", ApiJson.Body("{}"), csrf: false);
        using var foreign = await _browser.SendAsync(HttpMethod.Post, "/v1/sessions", ApiJson.Body("{}"), origin: "https://evil.example");
        using var noOrigin = await _browser.SendAsync(HttpMethod.Post, "/v1/sessions", ApiJson.Body("{}"), origin: null);
        using var ok = await _browser.SendAsync(HttpMethod.Post, "/v1/sessions", ApiJson.Body("""{"title":"from the browser"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Contains("X-CSRF-Token", (await noToken.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("Cross-origin", (await foreign.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var list = await _owner.GetNodeAsync("/v1/sessions");
        Assert.Single(list["data"]!.AsArray(), s => s!["title"]!.GetValue<string>() == "from the browser");
    }

    [Fact]
    public async Task Logout_revokes_the_session_and_clears_cookies()
    {
        await SignInAsync();

        using var logout = await _browser.SendAsync(HttpMethod.Post, "/v1/auth/logout");
        using var after = await _browser.GetAsync("/v1/auth/me");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains(BrowserClient.SetCookies(logout), c => c.StartsWith("tether_session=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Pairing_link_honours_a_short_ttl()
    {
        var before = DateTimeOffset.UtcNow;

        var link = await _owner.PostJsonAsync("/v1/auth/login-links", """{"ttl_seconds":120}""");
        using var tooLong = await _owner.PostAsync("/v1/auth/login-links", ApiJson.Body("""{"ttl_seconds":3600}"""));

        var expires = link["expires_at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expires, before.AddSeconds(119), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Device_page_asks_to_sign_in_without_a_session()
    {
        using var response = await _browser.GetAsync("/device");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("tether up", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Device_page_escapes_the_client_name_and_approves_through_the_form()
    {
        await SignInAsync();
        using var anonymous = _server.CreateClient(token: null);
        var code = await DeviceApi.StartAsync(anonymous, clientName: "<script>alert(1)</script>", scope: "read write");
        var userCode = code["user_code"]!.GetValue<string>();

        using var page = await _browser.GetAsync($"/device?user_code={userCode}");
        var html = await page.Content.ReadAsStringAsync();
        using var foreign = await _browser.PostFormAsync("/device", Form(userCode, _browser.Csrf!), origin: "https://evil.example");
        using var badToken = await _browser.PostFormAsync("/device", Form(userCode, "forged"));
        using var approved = await _browser.PostFormAsync("/device", Form(userCode, _browser.Csrf!));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains($"value=\"{_browser.Csrf}\"", html);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Approved", await approved.Content.ReadAsStringAsync());
        var (status, grant) = await DeviceApi.PollAsync(anonymous, code["device_code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("read write", grant["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Web_session_approves_through_the_json_api_with_csrf()
    {
        await SignInAsync();
        using var anonymous = _server.CreateClient(token: null);
        var code = await DeviceApi.StartAsync(anonymous);
        var body = $$"""{"user_code":"{{code["user_code"]}}"}""";

        using var withoutCsrf = await _browser.SendAsync(HttpMethod.Post, "/v1/auth/device/approve", ApiJson.Body(body), csrf: false);
        using var withCsrf = await _browser.SendAsync(HttpMethod.Post, "/v1/auth/device/approve", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.Forbidden, withoutCsrf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCsrf.StatusCode);
    }

    private static Dictionary<string, string> Form(string userCode, string csrf) =>
        new() { ["user_code"] = userCode, ["csrf_token"] = csrf, ["decision"] = "approve" };

    private async Task SignInAsync()
    {
        var link = await _owner.PostJsonAsync("/v1/auth/login-links", "{}");
        using var response = await _browser.OpenAsync(link["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.NotNull(_browser.Session);
    }
}
