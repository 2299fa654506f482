using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Agents;
using Tether.Bridge.Environments;
using Tether.Bridge.Polling;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;
using Tether.Protocol.Environments;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>Refreshing session tokens ahead of expiry, on a virtual clock against a scripted Environments API.</summary>
public sealed class BridgeTokenRefreshTests : IAsyncDisposable
{
    private const string SessionId = "session_AAAA1";
    private readonly ManualTimeProvider _time = new();
    private readonly FakeEnvironmentsClient _client = new();
    private readonly ConcurrentQueue<FakeTransport> _transports = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<BridgeExit>? _run;
    private TimeSpan _heartbeatInterval;

    public BridgeTokenRefreshTests() => _client.Clock = _time;

    private DateTimeOffset T0 => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IEnumerable<string> SessionReconnects => _client.CallsOf("reconnect").Where(c => c.EndsWith(SessionId, StringComparison.Ordinal));

    [Fact]
    public async Task TheRefreshIsAskedForFiveMinutesBeforeExpiry_AndTheRedispatchedTokenReschedulesIt()
    {
        var firstExpiry = T0 + TimeSpan.FromMinutes(20);
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", firstExpiry)));
        StartLoop(heartbeatInterval: TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Any(), because: "the session starts");

        await AdvanceWhenParkedAsync(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _client.CallsOf("heartbeat").Any(), because: "the heartbeat loop ran meanwhile");
        Assert.Empty(_client.CallsOf("reconnect"));

        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => SessionReconnects.Any(), because: "the refresh falls due");
        Assert.Equal(firstExpiry - TimeSpan.FromMinutes(5), Assert.Single(_client.ReconnectTimes));

        // While the re-dispatch travels the old work item is stopped on the server: no heartbeat may read that as the end.
        var beats = _client.CallsOf("heartbeat").Count();
        for (var i = 0; i < 5; i++)
        {
            var polls = _client.Polls;
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => _client.Polls > polls, because: "the loops run on");
        }

        Assert.Equal(beats, _client.CallsOf("heartbeat").Count());

        var secondExpiry = _time.GetUtcNow() + TimeSpan.FromMinutes(20);
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-2", secondExpiry)));
        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Count() == 2, because: "the re-dispatch is claimed and acked");
        Assert.Equal(["tok-2"], Assert.Single(_transports).Tokens);

        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _client.CallsOf("heartbeat").Any(c => c == "heartbeat work_2 tok-2"), because: "heartbeats go on with the new work item");
        Assert.Single(SessionReconnects);

        await AdvanceWhenParkedAsync(secondExpiry - TimeSpan.FromMinutes(5) - _time.GetUtcNow());
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 2, because: "the new token's refresh falls due");
        Assert.Equal(secondExpiry - TimeSpan.FromMinutes(5), _client.ReconnectTimes.Last());
    }

    [Fact]
    public async Task ATokenThatArrivesInsideTheBuffer_IsRefreshedAtOnce()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        StartLoop();

        await Eventually.TrueAsync(() => SessionReconnects.Any(), because: "the token is already inside the buffer");
        Assert.Equal(T0, Assert.Single(_client.ReconnectTimes));
    }

    [Fact]
    public async Task AFailingRefresh_IsRetriedEverySixtySeconds_ThreeTimesAtMost()
    {
        _client.ReconnectAnswer = EnvResult<bool>.Failure(PollErrorClassifier.ClassifyStatus(500, "", "Reconnect")!);
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        StartLoop(heartbeatInterval: TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 1, because: "the first attempt runs at once");

        for (var attempt = 2; attempt <= 3; attempt++)
        {
            var beats = _client.CallsOf("heartbeat").Count();
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(59));
            await Eventually.TrueAsync(() => _client.CallsOf("heartbeat").Count() > beats, because: "the heartbeat loop ran meanwhile");
            Assert.Equal(attempt - 1, SessionReconnects.Count());
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => SessionReconnects.Count() == attempt, because: $"attempt {attempt} runs 60 s after the previous");
        }

        // Given up: only the heartbeats go on, which will see a rejection once the token expires.
        var heartbeats = _client.CallsOf("heartbeat").Count();
        await AdvanceWhenParkedAsync(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => _client.CallsOf("heartbeat").Count() > heartbeats, because: "the heartbeat loop ran on");
        Assert.Equal(3, SessionReconnects.Count());
        Assert.Equal([T0, T0 + TimeSpan.FromSeconds(60), T0 + TimeSpan.FromSeconds(120)], _client.ReconnectTimes.Where((_, i) => i % 2 == 0));
    }

    [Fact]
    public async Task AnOpaqueTokenWithoutAnExpiry_IsNeverRefreshedAhead()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tether_si_opaque")));
        StartLoop();
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Any(), because: "the session starts");

        await AdvanceWhenParkedAsync(TimeSpan.FromHours(5));
        await Eventually.TrueAsync(() => _client.CallsOf("heartbeat").Any(), because: "the heartbeat loop ran");
        Assert.Empty(_client.CallsOf("reconnect"));
    }

    [Fact]
    public async Task ARejectionWhileARefreshAwaitsItsToken_DoesNotAskAgain()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        StartLoop();
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 1, because: "the refresh runs at once");

        var transport = Assert.Single(_transports);
        transport.RaiseAuthRejected();
        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => _client.Polls >= 3, because: "the loops ran on");

        Assert.Single(SessionReconnects);
    }

    [Fact]
    public async Task AtCapacity_AnAcceptedRefreshWakesThePollLoop_ToClaimTheRedispatchAtOnce()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(8))));
        StartLoop(capacity: 1);
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Any() && _client.Polls >= 2, because: "the session starts and the loop waits at capacity");
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-2", T0 + TimeSpan.FromMinutes(30))));

        // The at-capacity poll would next run at minute 10; the refresh at minute 3 must not wait for it.
        _time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Count() == 2, because: "the re-dispatch is claimed right after the refresh");
        Assert.Equal(["tok-2"], Assert.Single(_transports).Tokens);
        Assert.True(_time.GetUtcNow() < T0 + TimeSpan.FromMinutes(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _stop.Dispose();
    }

    // A wait armed after a jump would not fire until the next one: move the clock only once the poll loop and the
    // heartbeat loop are both parked on their timers.
    private async Task AdvanceWhenParkedAsync(TimeSpan by)
    {
        await Eventually.TrueAsync(() => _time.TimersDueWithin(_heartbeatInterval) >= 2, because: "the poll and heartbeat loops are parked");
        _time.Advance(by);
    }

    private void StartLoop(TimeSpan? heartbeatInterval = null, int capacity = 4)
    {
        _heartbeatInterval = heartbeatInterval ?? TimeSpan.FromSeconds(60);
        var options = new BridgeOptions
        {
            Capacity = capacity,
            HeartbeatInterval = _heartbeatInterval,
            ServerUrl = new Uri("http://127.0.0.1:1"),
            Directory = Path.GetTempPath(),
            MachineName = "test",
            Agent = AgentSpec.Parse("sleep 30"),
        };
        var loop = new BridgeLoop(options, _client, new Factory(_transports), info => AgentProcess.Start(info), new WorktreeManager(new GitRunner()),
            AgentHost.Current(), NullBridgeObserver.Instance, null, _time, NullLoggerFactory.Instance, () => 0.5);
        _run = Task.Run(() => loop.RunAsync(_stop.Token));
    }

    private sealed class Factory(ConcurrentQueue<FakeTransport> created) : ISessionTransportFactory
    {
        public ISessionTransport Create(SessionTransportRequest request)
        {
            var transport = new FakeTransport(request);
            created.Enqueue(transport);
            return transport;
        }
    }
}
