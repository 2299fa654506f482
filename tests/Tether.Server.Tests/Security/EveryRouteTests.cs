using System.Net;
using System.Net.WebSockets;
using Tether.Server.Accounts;
using Tether.Server.Tests.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Security;

/// <summary>
/// Table-driven over the server's own route table, so a route added later is covered without anyone remembering to:
/// every route authenticates, and another org's credential learns nothing through any of them.
/// </summary>
public sealed class EveryRouteTests : IAsyncLifetime
{
    // Anonymous by design: health probes, the device-code grant (RFC 8628), login-link redemption, the approval page
    // (it renders a sign-in prompt), and the web app's static fallbacks (which serve no data).
    private static readonly HashSet<string> s_anonymous =
    [
        "GET /healthz", "GET /readyz", "GET /device", "POST /device", "GET /login/{code}",
        "POST /v1/auth/device/code", "POST /v1/auth/device/token", "GET /v1/{**path}", "GET {*path:nonfile}", "HEAD {*path:nonfile}",
    ];

    private LoopbackServer _server = null!;
    private Dictionary<string, string> _orgA = null!;
    private string _foreignToken = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        using var owner = _server.CreateClient();
        var bridge = await TestBridge.RegisterAsync(_server);
        var sessionId = await bridge.CreateSessionAsync(owner);
        var work = await bridge.PollAsync();
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "org A's", Scopes.DefaultUser, null, CancellationToken.None);
        _orgA = new Dictionary<string, string>
        {
            ["{id}"] = sessionId,
            ["{environmentId}"] = bridge.EnvironmentId,
            ["{workId}"] = work!["id"]!.GetValue<string>(),
            ["{userId}"] = userId,
            ["{code}"] = "tether_ll_not-a-real-code",
        };
        _orgA["token"] = token.Id;

        var orgB = await accounts.CreateOrgAsync("org B", CancellationToken.None);
        var userB = await accounts.EnsureUserAsync("b@example.com", "B", CancellationToken.None);
        await accounts.AddMembershipAsync(orgB, userB, Roles.Owner, CancellationToken.None);
        _foreignToken = (await accounts.CreateTokenAsync(orgB, userB, "b", Scopes.All, null, CancellationToken.None)).Secret;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_route_but_the_anonymous_ones_refuses_a_request_without_credentials()
    {
        using var anonymous = _server.CreateClient(token: null);
        var checkedRoutes = 0;
        foreach (var (method, pattern) in RouteTableProbe.Routes(_server).Where(r => !s_anonymous.Contains($"{r.Method} {r.Pattern}")))
        {
            var path = Fill(pattern.Replace("{id}", _orgA["{id}"], StringComparison.Ordinal));
            if (pattern.Contains("/ws/", StringComparison.Ordinal))
            {
                Assert.True(await WebSocketRefusedAsync(path, token: null), $"{method} {pattern} accepted a WebSocket without credentials");
            }
            else
            {
                using var response = await SendAsync(anonymous, method, path);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern}: {(int)response.StatusCode} without credentials");
            }

            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 40, $"only {checkedRoutes} routes checked: is the route table read correctly?");
    }

    [Fact]
    public async Task Another_orgs_credential_learns_nothing_through_any_route()
    {
        using var foreign = _server.CreateClient(_foreignToken);
        var secrets = _orgA.Values.Where(v => !v.StartsWith("tether_ll_", StringComparison.Ordinal)).ToList();
        foreach (var (method, pattern) in RouteTableProbe.Routes(_server).Where(r => !s_anonymous.Contains($"{r.Method} {r.Pattern}")))
        {
            var path = Fill(pattern.Replace("{id}", pattern.StartsWith("/v1/auth/tokens", StringComparison.Ordinal) ? _orgA["token"] : _orgA["{id}"], StringComparison.Ordinal));
            if (pattern.Contains("/ws/", StringComparison.Ordinal))
            {
                Assert.True(await WebSocketRefusedAsync(path, _foreignToken), $"{method} {pattern} served another org's session");
                continue;
            }

            using var response = await SendAsync(foreign, method, path);
            var body = await response.Content.ReadAsStringAsync();
            var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
            Assert.True(refused || !secrets.Any(body.Contains), $"{method} {pattern}: {(int)response.StatusCode} revealed org A's data: {body}");
            Assert.True((int)response.StatusCode < 500, $"{method} {pattern}: {(int)response.StatusCode}");
        }

        using var owner = _server.CreateClient();
        var session = await owner.GetNodeAsync($"/v1/sessions/{_orgA["{id}"]}");
        Assert.NotEqual("archived", session["session_status"]!.GetValue<string>());
    }

    private string Fill(string pattern)
    {
        foreach (var (placeholder, value) in _orgA.Where(p => p.Key.StartsWith('{')))
        {
            pattern = pattern.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return pattern;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = ApiJson.Body("{}");
        }

        return await client.SendAsync(request);
    }

    private async Task<bool> WebSocketRefusedAsync(string path, string? token)
    {
        try
        {
            await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, path, token);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await socket.ReceiveAsync(timeout.Token) is { } frame)
            {
                if (frame["sequence_num"] is not null)
                {
                    return false;
                }
            }

            return socket.CloseStatus is (WebSocketCloseStatus)4001 or (WebSocketCloseStatus)4003 or WebSocketCloseStatus.ProtocolError;
        }
        catch (WebSocketException)
        {
            // Refused at the HTTP level (401/403) before the upgrade.
            return true;
        }
    }
}
