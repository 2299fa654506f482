using System.Net;
using System.Net.WebSockets;
using Tether.Server.Accounts;
using Tether.Server.Environments;
using Tether.Server.Store;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Environments;

public sealed class EnvironmentAuthTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _server = await EnvironmentServer.StartAsync();
        _user = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Poll_needs_this_environments_secret()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        var path = $"/v1/environments/{bridge.EnvironmentId}/work/poll";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, path, "tether_es_wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, path, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, path, LoopbackServer.OwnerToken));
        var other = await TestBridge.RegisterAsync(_server);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, path, other.Secret));
    }

    [Fact]
    public async Task Ack_and_heartbeat_need_the_ingress_token_of_that_work()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        await bridge.CreateSessionAsync(_user);
        await bridge.CreateSessionAsync(_user);
        var first = (await bridge.PollAsync())!;
        var second = (await bridge.PollAsync())!;

        using (var bogus = await bridge.WorkCallAsync(first, "ack", "tether_si_bogus"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bogus.StatusCode);
        }

        using (var userToken = await bridge.WorkCallAsync(first, "heartbeat", LoopbackServer.OwnerToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, userToken.StatusCode);
        }

        using (var crossed = await bridge.WorkCallAsync(first, "ack", TestBridge.IngressToken(second)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        }

        await bridge.AckAsync(first);
    }

    [Fact]
    public async Task Another_orgs_token_sees_no_environment()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        var sessionId = await bridge.CreateSessionAsync(_user);
        var work = (await bridge.PollAsync())!;
        using var foreign = _server.CreateClient(await ForeignTokenAsync());

        using (var deregister = await foreign.DeleteAsync($"/v1/environments/bridge/{bridge.EnvironmentId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, deregister.StatusCode);
        }

        using (var stop = await foreign.PostAsync($"/v1/environments/{bridge.EnvironmentId}/work/{work["id"]}/stop", ApiJson.Body("{}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        }

        using (var reconnect = await foreign.PostAsync(
            $"/v1/environments/{bridge.EnvironmentId}/bridge/reconnect", ApiJson.Body($$"""{"session_id":"{{sessionId}}"}""")))
        {
            Assert.Equal(HttpStatusCode.NotFound, reconnect.StatusCode);
        }

        using (var create = await foreign.PostAsync("/v1/sessions", ApiJson.Body($$"""{"environment_id":"{{bridge.EnvironmentId}}"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        }

        using (var ingress = await foreign.PostAsync(
            $"/v1/session_ingress/session/{sessionId}/events", ApiJson.Body(ApiJson.Events(WorkerEvents.Assistant("x")))))
        {
            Assert.Equal(HttpStatusCode.NotFound, ingress.StatusCode);
        }

        Assert.Empty((await foreign.GetNodeAsync("/v1/environment_providers"))["environments"]!.AsArray());
    }

    [Fact]
    public async Task Worker_credentials_cannot_call_the_sessions_api()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        await bridge.CreateSessionAsync(_user);
        var token = TestBridge.IngressToken((await bridge.PollAsync())!);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/v1/sessions", bridge.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/v1/sessions", token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, "/v1/environments/bridge", bridge.Secret));
    }

    [Fact]
    public async Task An_ingress_token_writes_only_its_own_session()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        var sessionA = await bridge.CreateSessionAsync(_user);
        var sessionB = await bridge.CreateSessionAsync(_user);
        var tokenA = TestBridge.IngressToken((await bridge.PollAsync())!);
        using var worker = _server.CreateClient(tokenA);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using (var own = await worker.PostAsync($"/v1/session_ingress/session/{sessionA}/events", ApiJson.Body(ApiJson.Events(WorkerEvents.Assistant("a")))))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var other = await worker.PostAsync($"/v1/session_ingress/session/{sessionB}/events", ApiJson.Body(ApiJson.Events(WorkerEvents.Assistant("b")))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        Assert.Equal((WebSocketCloseStatus)4003, await CloseStatusAsync($"/v1/session_ingress/ws/{sessionB}", tokenA, cts.Token));
        Assert.Empty((await _user.GetNodeAsync($"/v1/sessions/{sessionB}/events"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Ingress_socket_close_codes_follow_the_reference()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var sessionId = await _user.CreateSessionAsync();

        Assert.Equal((WebSocketCloseStatus)4003, await CloseStatusAsync($"/v1/session_ingress/ws/{sessionId}", null, cts.Token));
        Assert.Equal((WebSocketCloseStatus)4003, await CloseStatusAsync($"/v1/session_ingress/ws/{sessionId}", "tether_si_bogus", cts.Token));
        Assert.Equal((WebSocketCloseStatus)4001, await CloseStatusAsync("/v1/session_ingress/ws/session_01UNKNOWN", LoopbackServer.OwnerToken, cts.Token));
        Assert.Equal((WebSocketCloseStatus)1002, await CloseStatusAsync("/v1/session_ingress/ws/not-a-session", LoopbackServer.OwnerToken, cts.Token));
        await _user.PostJsonAsync($"/v1/sessions/{sessionId}/archive", "{}");
        Assert.Equal((WebSocketCloseStatus)4001, await CloseStatusAsync($"/v2/session_ingress/ws/{sessionId}", LoopbackServer.OwnerToken, cts.Token));
    }

    [Fact]
    public async Task Register_needs_the_remote_control_scope_and_org_policy()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var token = await accounts.FindTokenBySecretAsync(LoopbackServer.OwnerToken, CancellationToken.None);
        var readOnly = await accounts.CreateTokenAsync(token!.OrgId, token.UserId, "read only", [Scopes.Read], null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/v1/environments/bridge", readOnly.Secret, TestBridge.RegistrationBody()));

        await using (var connection = await _server.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        await using (var command = connection.Command("UPDATE orgs SET allow_remote_control = 0 WHERE id = @o"))
        {
            await command.With("@o", token.OrgId).ExecuteNonQueryAsync();
        }

        using var refused = await _user.PostAsync("/v1/environments/bridge", ApiJson.Body(TestBridge.RegistrationBody()));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("disabled by your organization's policy", (await refused.ReadNodeAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_refuses_bridges_older_than_the_minimum_version()
    {
        await using var server = await EnvironmentServer.StartAsync(new EnvironmentOptions { MinBridgeVersion = "2.0.0" });
        using var user = server.CreateClient();

        async Task<HttpStatusCode> RegisterAsync(string version)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/environments/bridge") { Content = ApiJson.Body(TestBridge.RegistrationBody()) };
            request.Headers.Add("x-environment-runner-version", version);
            using var response = await user.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await RegisterAsync("1.9.9"));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync("2.0.0"));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync("2.1.0-beta.1"));
        Assert.Equal(HttpStatusCode.BadRequest, await RegisterAsync("latest"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":0}""")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":1001}""")]
    [InlineData("""{"machine_name":"m","directory":"/d"}""")]
    [InlineData("""{"directory":"/d","max_sessions":1}""")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":1,"environment_id":"../etc"}""")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":1,"environment_id":"0b8f4c3e-5d7a-4b8e-9c1d-2e3f4a5b6c7d"}""")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":1,"metadata":{"worker_type":"a b"}}""")]
    [InlineData("""{"machine_name":"m","directory":"/d","max_sessions":"many"}""")]
    public async Task Bad_registrations_get_a_json_400(string body)
    {
        using var response = await _user.PostAsync("/v1/environments/bridge", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await response.ReadNodeAsync())["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Oversize_fields_bad_ids_and_bad_queries_get_json_errors()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        var longName = $$"""{"machine_name":"{{new string('m', 300)}}","directory":"/d","max_sessions":1}""";
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Post, "/v1/environments/bridge", LoopbackServer.OwnerToken, longName));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Get, "/v1/environments/bad.id/work/poll", bridge.Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Get, $"/v1/environments/{bridge.EnvironmentId}/work/poll?reclaim_older_than_ms=0", bridge.Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(
            HttpMethod.Post, $"/v1/environments/{bridge.EnvironmentId}/bridge/reconnect", LoopbackServer.OwnerToken, """{"session_id":"nope"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Delete, "/v1/environments/bridge/bad.id", LoopbackServer.OwnerToken));

        var sessionId = await bridge.CreateSessionAsync(_user);
        var huge = $$$"""{"type":"assistant","uuid":"{{{Guid.NewGuid()}}}","message":{"content":"{{{new string('x', 1_100_000)}}}"}}""";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await StatusAsync(
            HttpMethod.Post, $"/v1/session_ingress/session/{sessionId}/events", LoopbackServer.OwnerToken, ApiJson.Events(huge)));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(
            HttpMethod.Post, $"/v1/session_ingress/session/{sessionId}/events", LoopbackServer.OwnerToken, """{"events":[{"type":"Not A Type"}]}"""));
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var client = _server.CreateClient(token);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ApiJson.Body(body) };
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode >= 400)
        {
            // Every refusal is a JSON error body.
            Assert.NotNull((await response.ReadNodeAsync())["error"]);
        }

        return response.StatusCode;
    }

    private async Task<WebSocketCloseStatus?> CloseStatusAsync(string path, string? token, CancellationToken cancellationToken)
    {
        await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, path, token, cancellationToken: cancellationToken);
        Assert.Null(await socket.ReceiveAsync(cancellationToken));
        return socket.CloseStatus;
    }

    private async Task<string> ForeignTokenAsync()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var org = await accounts.CreateOrgAsync("other", CancellationToken.None);
        var user = await accounts.EnsureUserAsync("other@example.com", "Other", CancellationToken.None);
        await accounts.AddMembershipAsync(org, user, Roles.Owner, CancellationToken.None);
        return (await accounts.CreateTokenAsync(org, user, "other", Scopes.All, null, CancellationToken.None)).Secret;
    }
}
