using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using Tether.Server.Accounts;
using Tether.Server.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Environments;

/// <summary>
/// A worker's open streams live no longer than the credential they were opened with (virtual clock): the v1 ingress
/// socket closes with 4003 at its session ingress token's expiry, and the v2 worker stream opened with that token ends.
/// </summary>
public sealed class IngressCredentialExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private LoopbackServer _server = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _server = await EnvironmentServer.StartAsync(new EnvironmentOptions { PollHold = TimeSpan.Zero, IngressTokenLifetime = TokenLifetime }, _clock);
        _user = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task The_v1_ingress_socket_stays_open_until_its_token_expires_and_then_closes_with_4003()
    {
        var (sessionId, token) = await DispatchAsync();
        await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/session_ingress/ws/{sessionId}", token, cancellationToken: _timeout.Token);
        await PromptAndReceiveAsync(socket, sessionId, "before");

        _clock.Advance(TokenLifetime - TimeSpan.FromSeconds(1));
        await PromptAndReceiveAsync(socket, sessionId, "a second before expiry");

        _clock.Advance(TimeSpan.FromSeconds(1));
        while (await socket.ReceiveAsync(_timeout.Token) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)4003, socket.CloseStatus);
    }

    [Fact]
    public async Task A_v1_ingress_socket_opened_with_a_user_token_closes_with_4003_when_that_token_is_revoked()
    {
        var (sessionId, _) = await DispatchAsync();
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var userToken = await accounts.CreateTokenAsync(orgId, userId, "repl", Scopes.DefaultUser, null, CancellationToken.None);
        await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/session_ingress/ws/{sessionId}", userToken.Secret, cancellationToken: _timeout.Token);
        await PromptAndReceiveAsync(socket, sessionId, "before");

        await accounts.RevokeTokenAsync(orgId, userToken.Id, CancellationToken.None);
        while (await socket.ReceiveAsync(_timeout.Token) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)4003, socket.CloseStatus);
    }

    [Fact]
    public async Task The_v2_worker_stream_opened_with_an_ingress_token_ends_at_its_expiry_and_the_reconnect_gets_401()
    {
        var (sessionId, token) = await DispatchAsync();
        using var worker = _server.CreateClient(token);
        var path = $"/v1/code/sessions/cse_{sessionId["session_".Length..]}/worker/events/stream";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await worker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(_timeout.Token)).EnumerateAsync(_timeout.Token).GetAsyncEnumerator(_timeout.Token);

        _clock.Advance(TokenLifetime);
        var ended = !await events.MoveNextAsync();
        using var reconnect = await worker.GetAsync(path, _timeout.Token);

        Assert.True(ended);
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
    }

    private async Task<(string SessionId, string Token)> DispatchAsync()
    {
        var bridge = await TestBridge.RegisterAsync(_server);
        var sessionId = await bridge.CreateSessionAsync(_user);
        var work = (await bridge.PollAsync(cancellationToken: _timeout.Token))!;
        await bridge.AckAsync(work);
        return (sessionId, TestBridge.IngressToken(work));
    }

    private async Task PromptAndReceiveAsync(SessionSocket socket, string sessionId, string text)
    {
        using var prompt = await _user.PostEventsAsync(sessionId, ApiJson.UserMessage(text));
        prompt.EnsureSuccessStatusCode();
        var received = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "user" && f["message"]?["content"]?.GetValue<string>() == text, _timeout.Token);
        Assert.Equal(text, received["message"]!["content"]!.GetValue<string>());
    }
}
