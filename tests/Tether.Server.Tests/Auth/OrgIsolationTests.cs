using System.Net;
using System.Net.WebSockets;
using Tether.Server.Accounts;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class OrgIsolationTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;
    private HttpClient _foreign = null!;
    private string _session = null!;
    private string _foreignToken = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _owner = _server.CreateClient();
        _session = await _owner.CreateSessionAsync("org A's secret");
        (await _owner.PostEventsAsync(_session, ApiJson.UserMessage("private"))).Dispose();

        var accounts = _server.GetRequiredService<AccountStore>();
        var orgB = await accounts.CreateOrgAsync("org B", CancellationToken.None);
        var userB = await accounts.EnsureUserAsync("b@example.com", "B", CancellationToken.None);
        await accounts.AddMembershipAsync(orgB, userB, Roles.Owner, CancellationToken.None);
        _foreignToken = (await accounts.CreateTokenAsync(orgB, userB, "b", Scopes.All, null, CancellationToken.None)).Secret;
        _foreign = _server.CreateClient(_foreignToken);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _foreign.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string, string?> Routes => new()
    {
        { "GET", "/v1/sessions/{id}", null },
        { "PATCH", "/v1/sessions/{id}", "{\"title\":\"stolen\"}" },
        { "POST", "/v1/sessions/{id}/archive", "{}" },
        { "POST", "/v1/sessions/{id}/events", ApiJson.Events(ApiJson.UserMessage("intrusion")) },
        { "GET", "/v1/sessions/{id}/events", null },
        { "GET", "/v1/sessions/{id}/stream", null },
        { "GET", "/v1/code/sessions/{id}/teleport-events", null },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_orgs_token_gets_404_and_changes_nothing(string method, string template, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{id}", _session, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = ApiJson.Body(body);
        }

        using var response = await _foreign.SendAsync(request);
        var session = await _owner.GetNodeAsync($"/v1/sessions/{_session}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("org A's secret", session["title"]!.GetValue<string>());
        Assert.NotEqual("archived", session["session_status"]!.GetValue<string>());
        Assert.Equal(1, session["last_sequence_num"]!.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_token_gets_401_with_how_to_log_in(string method, string template, string? body)
    {
        using var anonymous = _server.CreateClient(token: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{id}", _session, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = ApiJson.Body(body);
        }

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("tether login", (await response.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_orgs_list_is_empty()
    {
        var list = await _foreign.GetNodeAsync("/v1/sessions");

        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Another_orgs_subscriber_is_closed_with_4001()
    {
        await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/sessions/ws/{_session}/subscribe", _foreignToken);

        Assert.Null(await socket.ReceiveAsync(CancellationToken.None));
        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "short-lived", Scopes.DefaultUser, null, CancellationToken.None);
        using var client = _server.CreateClient(token.Secret);
        (await client.GetAsync("/v1/sessions")).EnsureSuccessStatusCode();

        await accounts.RevokeTokenAsync(orgId, token.Id, CancellationToken.None);
        using var after = await client.GetAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", (await after.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_read_only_token_cannot_write()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "viewer", [Scopes.Read], null, CancellationToken.None);
        using var client = _server.CreateClient(token.Secret);

        using var read = await client.GetAsync($"/v1/sessions/{_session}");
        using var write = await client.PostEventsAsync(_session, ApiJson.UserMessage("nope"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("'write'", (await write.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
    }
}
