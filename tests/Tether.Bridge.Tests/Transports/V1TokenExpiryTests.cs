using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Transports;
using Tether.Bridge.Transports.V1;
using Tether.Server.Environments;
using Tether.Testing;

namespace Tether.Bridge.Tests.Transports;

/// <summary>
/// The v1 transport against a real server whose clock is virtual: when the server closes the ingress socket at the
/// expiry of the token it was opened with (4003), a transport that already holds the refreshed token reconnects with it
/// at once, asks for no recovery, and reads every prompt exactly once.
/// </summary>
public sealed class V1TokenExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private LoopbackServer _server = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(customize: o => o with
        {
            TimeProvider = _clock,
            Environments = new EnvironmentOptions { PollHold = TimeSpan.Zero, IngressTokenLifetime = TokenLifetime },
        });
        _user = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task WhenTheOldTokenExpires_TheSocketReconnectsWithTheRefreshedOne_WithoutRecoveryAndWithoutLossOrDoubles()
    {
        var bridge = await TestBridge.RegisterAsync(_server, user: _user);
        var sessionId = await bridge.CreateSessionAsync(_user);
        var oldToken = await ClaimAsync(bridge);

        using var handler = new SocketsHttpHandler();
        using var http = new HttpClient(handler, disposeHandler: false);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var transport = new V1SessionTransport(
            new SessionTransportRequest(_server.BaseAddress, sessionId, oldToken, UseCodeSessions: false), http, invoker, V1TransportOptions.Default,
            TimeProvider.System, NullLogger.Instance);
        var connections = 0;
        var rejections = 0;
        transport.StateChanged += state => Interlocked.Add(ref connections, state == TransportState.Connected ? 1 : 0);
        transport.AuthRejected += () => Interlocked.Increment(ref rejections);
        using var stop = new CancellationTokenSource();
        var run = transport.RunAsync(stop.Token);
        var received = new ConcurrentQueue<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var line in transport.Inbound.ReadAllAsync(_timeout.Token))
            {
                received.Enqueue(line);
            }
        });

        await Eventually.TrueAsync(() => Volatile.Read(ref connections) == 1, because: "the socket connects with the first token");
        (await _user.PostEventsAsync(sessionId, ApiJson.UserMessage("one"))).Dispose();
        await Eventually.TrueAsync(() => received.Any(l => l.Contains("\"one\"", StringComparison.Ordinal)), because: "the first prompt arrives");

        // The refresh: half-way through the first token's life the session is re-dispatched with a fresh token.
        _clock.Advance(TokenLifetime / 2);
        (await _user.PostAsync($"/v1/environments/{bridge.EnvironmentId}/bridge/reconnect", ApiJson.Body($$"""{"session_id":"{{sessionId}}"}"""))).Dispose();
        transport.UpdateToken(await ClaimAsync(bridge));

        _clock.Advance(TokenLifetime / 2);
        (await _user.PostEventsAsync(sessionId, ApiJson.UserMessage("two"))).Dispose();
        await Eventually.TrueAsync(() => Volatile.Read(ref connections) == 2, because: "the socket closed at the old token's expiry reconnects");
        await Eventually.TrueAsync(() => received.Any(l => l.Contains("\"two\"", StringComparison.Ordinal)), because: "the second prompt arrives");

        transport.CompleteWrites(TimeSpan.Zero);
        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);
        await reading.WaitAsync(_timeout.Token);
        Assert.Equal(1, received.Count(l => l.Contains("\"one\"", StringComparison.Ordinal)));
        Assert.Equal(1, received.Count(l => l.Contains("\"two\"", StringComparison.Ordinal)));
        Assert.Equal(0, Volatile.Read(ref rejections));
    }

    // Polls the work item, acks it with its ingress token, and returns that token.
    private async Task<string> ClaimAsync(TestBridge bridge)
    {
        var work = (await bridge.PollAsync(cancellationToken: _timeout.Token))!;
        await bridge.AckAsync(work);
        return TestBridge.IngressToken(work);
    }
}
