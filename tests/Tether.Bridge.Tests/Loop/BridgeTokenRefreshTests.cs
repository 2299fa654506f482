using Tether.Bridge.Environments;
using Tether.Bridge.Polling;
using Tether.Protocol.Environments;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>Refreshing session tokens ahead of expiry, on a virtual clock against a scripted Environments API.</summary>
public sealed class BridgeTokenRefreshTests : LoopTest
{
    private const string SessionId = "session_AAAA1";

    public BridgeTokenRefreshTests() => Client.Clock = Time;

    private DateTimeOffset T0 => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IEnumerable<string> SessionReconnects => Client.CallsOf("reconnect").Where(c => c.EndsWith(SessionId, StringComparison.Ordinal));

    [Fact]
    public async Task TheRefreshIsAskedForFiveMinutesBeforeExpiry_AndTheRedispatchedTokenReschedulesIt()
    {
        var firstExpiry = T0 + TimeSpan.FromMinutes(20);
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", firstExpiry)));
        _ = StartLoop(heartbeatInterval: TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Any(), because: "the session starts");

        await AdvanceWhenParkedAsync(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Client.CallsOf("heartbeat").Any(), because: "the heartbeat loop ran meanwhile");
        Assert.Empty(Client.CallsOf("reconnect"));

        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => SessionReconnects.Any(), because: "the refresh falls due");
        Assert.Equal(firstExpiry - TimeSpan.FromMinutes(5), Assert.Single(Client.ReconnectTimes));

        // While the re-dispatch travels the old work item is stopped on the server: no heartbeat may read that as the end.
        var beats = Client.CallsOf("heartbeat").Count();
        for (var i = 0; i < 5; i++)
        {
            var polls = Client.Polls;
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => Client.Polls > polls, because: "the loops run on");
        }

        Assert.Equal(beats, Client.CallsOf("heartbeat").Count());

        var secondExpiry = Time.GetUtcNow() + TimeSpan.FromMinutes(20);
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-2", secondExpiry)));
        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Count() == 2, because: "the re-dispatch is claimed and acked");
        Assert.Equal(["tok-2"], Assert.Single(Transports).Tokens);

        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Client.CallsOf("heartbeat").Any(c => c == "heartbeat work_2 tok-2"), because: "heartbeats go on with the new work item");
        Assert.Single(SessionReconnects);

        await AdvanceWhenParkedAsync(secondExpiry - TimeSpan.FromMinutes(5) - Time.GetUtcNow());
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 2, because: "the new token's refresh falls due");
        Assert.Equal(secondExpiry - TimeSpan.FromMinutes(5), Client.ReconnectTimes.Last());
    }

    [Fact]
    public async Task ATokenThatArrivesInsideTheBuffer_IsRefreshedAtOnce()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        _ = StartLoop();

        await Eventually.TrueAsync(() => SessionReconnects.Any(), because: "the token is already inside the buffer");
        Assert.Equal(T0, Assert.Single(Client.ReconnectTimes));
    }

    [Fact]
    public async Task AFailingRefresh_IsRetriedEverySixtySeconds_ThreeTimesAtMost()
    {
        Client.ReconnectAnswer = EnvResult<bool>.Failure(PollErrorClassifier.ClassifyStatus(500, "", "Reconnect")!);
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        _ = StartLoop(heartbeatInterval: TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 1, because: "the first attempt runs at once");

        for (var attempt = 2; attempt <= 3; attempt++)
        {
            var beats = Client.CallsOf("heartbeat").Count();
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(59));
            await Eventually.TrueAsync(() => Client.CallsOf("heartbeat").Count() > beats, because: "the heartbeat loop ran meanwhile");
            Assert.Equal(attempt - 1, SessionReconnects.Count());
            await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => SessionReconnects.Count() == attempt, because: $"attempt {attempt} runs 60 s after the previous");
        }

        // Given up: only the heartbeats go on, which will see a rejection once the token expires.
        var heartbeats = Client.CallsOf("heartbeat").Count();
        await AdvanceWhenParkedAsync(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => Client.CallsOf("heartbeat").Count() > heartbeats, because: "the heartbeat loop ran on");
        Assert.Equal(3, SessionReconnects.Count());
        Assert.Equal([T0, T0 + TimeSpan.FromSeconds(60), T0 + TimeSpan.FromSeconds(120)], Client.ReconnectTimes.Where((_, i) => i % 2 == 0));
    }

    [Fact]
    public async Task AnOpaqueTokenWithoutAnExpiry_IsNeverRefreshedAhead()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tether_si_opaque")));
        _ = StartLoop();
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Any(), because: "the session starts");

        await AdvanceWhenParkedAsync(TimeSpan.FromHours(5));
        await Eventually.TrueAsync(() => Client.CallsOf("heartbeat").Any(), because: "the heartbeat loop ran");
        Assert.Empty(Client.CallsOf("reconnect"));
    }

    [Fact]
    public async Task ARejectionWhileARefreshAwaitsItsToken_DoesNotAskAgain()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(3))));
        _ = StartLoop();
        await Eventually.TrueAsync(() => SessionReconnects.Count() == 1, because: "the refresh runs at once");

        var transport = Assert.Single(Transports);
        transport.RaiseAuthRejected();
        await AdvanceWhenParkedAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Client.Polls >= 3, because: "the loops ran on");

        Assert.Single(SessionReconnects);
    }

    [Fact]
    public async Task AtCapacity_AnAcceptedRefreshWakesThePollLoop_ToClaimTheRedispatchAtOnce()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, SessionId, FakeEnvironmentsClient.Secret("tok-1", T0 + TimeSpan.FromMinutes(8))));
        _ = StartLoop(capacity: 1);
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Any() && Client.Polls >= 2, because: "the session starts and the loop waits at capacity");
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-2", T0 + TimeSpan.FromMinutes(30))));

        // The at-capacity poll would next run at minute 10; the refresh at minute 3 must not wait for it.
        Time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Count() == 2, because: "the re-dispatch is claimed right after the refresh");
        Assert.Equal(["tok-2"], Assert.Single(Transports).Tokens);
        Assert.True(Time.GetUtcNow() < T0 + TimeSpan.FromMinutes(10));
    }

    // A wait armed after a jump would not fire until the next one: move the clock only once the poll loop and the
    // heartbeat loop are both parked on their timers.
    private async Task AdvanceWhenParkedAsync(TimeSpan by)
    {
        await Eventually.TrueAsync(() => Time.TimersDueWithin(HeartbeatInterval) >= 2, because: "the poll and heartbeat loops are parked");
        Time.Advance(by);
    }
}
