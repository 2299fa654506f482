using System.Net;
using System.Text.RegularExpressions;
using Tether.Testing;

namespace Tether.Cli.Tests;

public sealed partial class AdminCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("tether-admin");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Org_user_and_token_made_offline_work_against_a_server_on_that_data()
    {
        var first = await AdminAsync("users", "add", "boss@example.com");
        var org = await AdminAsync("orgs", "add", "acme");
        var orgId = OrgId().Match(org.Output).Value;
        var user = await AdminAsync("users", "add", "carol@acme.test", "--org", orgId, "--role", "owner", "--name", "Carol");
        var token = await AdminAsync("tokens", "create", "--user", "carol@acme.test", "--scopes", "read write");
        var secret = Secret().Match(token.Output).Value;
        var users = await AdminAsync("users", "list");
        var orgs = await AdminAsync("orgs", "list");

        Assert.Contains("owner of org", first.Output);
        Assert.Contains("new org 'default'", first.Output);
        Assert.Equal(0, user.ExitCode);
        Assert.Contains("carol@acme.test", users.Output);
        Assert.Contains(orgId, orgs.Output);
        Assert.Contains("default", orgs.Output);

        await using var server = await LoopbackServer.StartAsync(dataDirectory: _data.Path);
        using var carol = server.CreateClient(secret);
        var me = await carol.GetNodeAsync("/v1/auth/me");
        using var sessions = await carol.GetAsync("/v1/sessions");

        Assert.Equal(orgId, me["org_id"]!.GetValue<string>());
        Assert.Equal("Carol", me["name"]!.GetValue<string>());
        Assert.Equal(["read", "write"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);

        var list = await AdminAsync("tokens", "list");
        var tokenId = TokenId().Match(token.Output).Value;
        Assert.Contains(tokenId, list.Output);
        Assert.DoesNotContain(secret, list.Output);
        var revoke = await AdminAsync("tokens", "revoke", tokenId);
        using var afterRevoke = await carol.GetAsync("/v1/sessions");

        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task Login_link_signs_a_browser_in_as_the_owner()
    {
        var link = await AdminAsync("login-link", "--server-url", "http://tether.example:7878/");
        var url = LoginUrl().Match(link.Output).Value;

        await using var server = await LoopbackServer.StartAsync(dataDirectory: _data.Path);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        using var response = await browser.GetAsync(new Uri(url).AbsolutePath);

        Assert.StartsWith("http://tether.example:7878/login/tether_ll_", url);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("tether_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_users_orgs_and_tokens_are_clear_errors()
    {
        await AdminAsync("users", "add", "boss@example.com");

        var unknownUser = await AdminAsync("tokens", "create", "--user", "nobody@example.com");
        var unknownOrg = await AdminAsync("users", "add", "x@example.com", "--org", "org_nope");
        var unknownToken = await AdminAsync("tokens", "revoke", "tok_nope");
        var badRole = await AdminAsync("users", "add", "x@example.com", "--role", "king");
        var badScope = await AdminAsync("tokens", "create", "--user", "boss@example.com", "--scopes", "read root");

        Assert.Equal(1, unknownUser.ExitCode);
        Assert.Contains("Unknown user 'nobody@example.com'", unknownUser.Error);
        Assert.Equal(1, unknownOrg.ExitCode);
        Assert.Contains("Unknown org 'org_nope'", unknownOrg.Error);
        Assert.Equal(1, unknownToken.ExitCode);
        Assert.Contains("Unknown token 'tok_nope'", unknownToken.Error);
        Assert.Equal(64, badRole.ExitCode);
        Assert.Equal(64, badScope.ExitCode);
    }

    private Task<CliRun> AdminAsync(params string[] args) => CliRun.InvokeAsync(["admin", .. args, "--data", _data.Path]);

    [GeneratedRegex("org_[0-9A-Z]{26}")]
    private static partial Regex OrgId();

    [GeneratedRegex("tok_[0-9A-Z]{26}")]
    private static partial Regex TokenId();

    [GeneratedRegex(@"tether_at_\S+")]
    private static partial Regex Secret();

    [GeneratedRegex(@"http\S+/login/\S+")]
    private static partial Regex LoginUrl();
}
