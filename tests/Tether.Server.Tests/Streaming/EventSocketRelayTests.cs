using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Tether.Server.Events;
using Tether.Server.Streaming;
using Tether.Testing;

namespace Tether.Server.Tests.Streaming;

public sealed class EventSocketRelayTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task A_close_that_arrives_while_a_frame_is_on_its_way_is_answered_once_the_frame_is_sent()
    {
        var peer = new ScriptedPeerSocket();
        var relay = new EventSocketRelay(peer, maxMessageBytes: 1024, TimeProvider.System);

        var run = relay.RunAsync(OneEventThenQuiet, inbound: null, CancellationToken.None, CancellationToken.None);
        await peer.SendStarted.WaitAsync(_timeout.Token);
        peer.PeerCloses();
        peer.ReleaseSends();
        await run.WaitAsync(_timeout.Token);

        Assert.False(peer.SendCancelledInFlight);
        Assert.Equal(1, peer.FramesSent);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, peer.SentClose);
    }

    [Fact]
    public async Task A_peer_that_closes_and_stops_reading_is_cut_off_after_the_close_timeout()
    {
        var time = new ManualTimeProvider();
        var peer = new ScriptedPeerSocket();
        var relay = new EventSocketRelay(peer, maxMessageBytes: 1024, time);

        var run = relay.RunAsync(OneEventThenQuiet, inbound: null, CancellationToken.None, CancellationToken.None);
        await peer.SendStarted.WaitAsync(_timeout.Token);
        peer.PeerCloses();
        await Eventually.TrueAsync(() => time.TimersDueWithin(TimeSpan.FromSeconds(5)) > 0, because: "the relay waits out the frame in flight");

        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await run.WaitAsync(_timeout.Token);

        Assert.True(peer.SendCancelledInFlight);
        Assert.Equal(WebSocketState.Aborted, peer.State);
    }

    private static async IAsyncEnumerable<StoredEvent> OneEventThenQuiet([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new StoredEvent("sess_1", 1, "evt_1", null, EventSource.Worker, "assistant", """{"type":"assistant"}""", DateTimeOffset.UnixEpoch);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
