using System.Net;
using System.Text.Json.Nodes;
using Tether.Server.Accounts;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class TokenApiTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: o => o with { TimeProvider = _clock });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Created_token_shows_its_secret_once_and_is_listed_without_it()
    {
        var created = await _owner.PostJsonAsync("/v1/auth/tokens", """{"name":"ci","scopes":["read"]}""");
        var list = await _owner.GetNodeAsync("/v1/auth/tokens");

        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("tether_at_", secret);
        var listed = Assert.Single(list["data"]!.AsArray(), t => t!["id"]!.GetValue<string>() == created["token"]!["id"]!.GetValue<string>());
        Assert.Equal("ci", listed!["name"]!.GetValue<string>());
        Assert.DoesNotContain(secret, list.ToJsonString());
    }

    [Fact]
    public async Task Revoked_token_is_refused_at_once()
    {
        var (id, client) = await CreateTokenAsync(_owner, "read");
        using var before = await client.GetAsync("/v1/sessions");

        using var revoke = await _owner.DeleteAsync($"/v1/auth/tokens/{id}");
        using var after = await client.GetAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", (await after.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_token_is_refused()
    {
        var created = await _owner.PostJsonAsync("/v1/auth/tokens", """{"name":"short","scopes":["read"],"expires_in_days":1}""");
        using var client = _server.CreateClient(created["secret"]!.GetValue<string>());
        using var before = await client.GetAsync("/v1/sessions");

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        using var after = await client.GetAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("expired", (await after.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_without_write_cannot_create_sessions_or_grant_more_than_it_has()
    {
        var (_, reader) = await CreateTokenAsync(_owner, "read");
        var (_, writer) = await CreateTokenAsync(_owner, "write");

        using var create = await reader.PostAsync("/v1/sessions", ApiJson.Body("{}"));
        using var escalate = await writer.PostAsync("/v1/auth/tokens", ApiJson.Body("""{"name":"more","scopes":["write","admin"]}"""));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        Assert.Contains("'admin'", (await escalate.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_orgs_token_sees_404_for_our_sessions_and_tokens()
    {
        var sessionId = await _owner.CreateSessionAsync("org A only");
        var (ownerTokenId, ownerToken) = await CreateTokenAsync(_owner, "read");
        using var orgB = _server.CreateClient(await CreateUserTokenAsync("b@example.com", Roles.Owner, newOrg: true));

        using var get = await orgB.GetAsync($"/v1/sessions/{sessionId}");
        using var revoke = await orgB.DeleteAsync($"/v1/auth/tokens/{ownerTokenId}");
        var list = await orgB.GetNodeAsync("/v1/auth/tokens");
        using var stillWorks = await ownerToken.GetAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.DoesNotContain(ownerTokenId, list.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Members_manage_their_own_tokens_and_admins_the_orgs()
    {
        var (ownerTokenId, _) = await CreateTokenAsync(_owner, "read");
        using var member = _server.CreateClient(await CreateUserTokenAsync("m@example.com", Roles.Member, newOrg: false));
        var (memberTokenId, _) = await CreateTokenAsync(member, "read");

        var memberList = await member.GetNodeAsync("/v1/auth/tokens");
        var ownerList = await _owner.GetNodeAsync("/v1/auth/tokens");
        using var memberRevokesOwner = await member.DeleteAsync($"/v1/auth/tokens/{ownerTokenId}");
        using var ownerRevokesMember = await _owner.DeleteAsync($"/v1/auth/tokens/{memberTokenId}");

        Assert.DoesNotContain(ownerTokenId, memberList.ToJsonString());
        Assert.Contains(memberTokenId, memberList.ToJsonString());
        Assert.Contains(memberTokenId, ownerList.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, memberRevokesOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownerRevokesMember.StatusCode);
    }

    [Fact]
    public async Task Create_validates_its_input()
    {
        using var noName = await _owner.PostAsync("/v1/auth/tokens", ApiJson.Body("""{"scopes":["read"]}"""));
        using var unknownScope = await _owner.PostAsync("/v1/auth/tokens", ApiJson.Body("""{"name":"x","scopes":["root"]}"""));
        using var badExpiry = await _owner.PostAsync("/v1/auth/tokens", ApiJson.Body("""{"name":"x","scopes":["read"],"expires_in_days":0}"""));

        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badExpiry.StatusCode);
    }

    private async Task<(string Id, HttpClient Client)> CreateTokenAsync(HttpClient creator, string scope)
    {
        var created = await creator.PostJsonAsync("/v1/auth/tokens", new JsonObject { ["name"] = $"{scope} token", ["scopes"] = new JsonArray(scope) }.ToJsonString());
        return (created["token"]!["id"]!.GetValue<string>(), _server.CreateClient(created["secret"]!.GetValue<string>()));
    }

    /// <summary>A user in the owner's org, or the owner of a new org; returns an API token with every scope.</summary>
    private async Task<string> CreateUserTokenAsync(string email, string role, bool newOrg)
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var orgId = newOrg
            ? await accounts.CreateOrgAsync("org b", CancellationToken.None)
            : (await accounts.FindOwnerAsync(CancellationToken.None)).OrgId;
        var userId = await accounts.EnsureUserAsync(email, email, CancellationToken.None);
        await accounts.AddMembershipAsync(orgId, userId, role, CancellationToken.None);
        return (await accounts.CreateTokenAsync(orgId, userId, "test", Scopes.All, null, CancellationToken.None)).Secret;
    }
}
