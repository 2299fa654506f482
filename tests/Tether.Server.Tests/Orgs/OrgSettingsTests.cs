using System.Net;
using Tether.Server.Accounts;
using Tether.Testing;

namespace Tether.Server.Tests.Orgs;

public sealed class OrgSettingsTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_owner_reads_and_changes_the_orgs_remote_control_settings()
    {
        var before = await _owner.GetNodeAsync("/v1/orgs/current/settings");

        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/v1/orgs/current/settings") { Content = ApiJson.Body("""{"use_code_sessions":true}""") };
        using var patched = await _owner.SendAsync(patch);
        var after = await _owner.GetNodeAsync("/v1/orgs/current/settings");

        Assert.False(before["use_code_sessions"]!.GetValue<bool>());
        Assert.True(before["allow_remote_control"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.True(after["use_code_sessions"]!.GetValue<bool>());
        Assert.True(after["allow_remote_control"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Members_and_tokens_without_the_admin_scope_may_not_touch_settings()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, ownerId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var memberId = await accounts.EnsureUserAsync("member@localhost", "Member", CancellationToken.None);
        await accounts.AddMembershipAsync(orgId, memberId, Roles.Member, CancellationToken.None);
        var memberToken = await accounts.CreateTokenAsync(orgId, memberId, "member", Scopes.All, null, CancellationToken.None);
        var ownerReadWrite = await accounts.CreateTokenAsync(orgId, ownerId, "rw", [Scopes.Read, Scopes.Write], null, CancellationToken.None);
        using var member = _server.CreateClient(memberToken.Secret);
        using var narrow = _server.CreateClient(ownerReadWrite.Secret);

        using var byMember = await member.GetAsync("/v1/orgs/current/settings");
        using var byNarrowToken = await narrow.GetAsync("/v1/orgs/current/settings");
        using var badBody = new HttpRequestMessage(HttpMethod.Patch, "/v1/orgs/current/settings") { Content = ApiJson.Body("""{"use_code_sessions":"yes"}""") };
        using var bad = await _owner.SendAsync(badBody);

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byNarrowToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
