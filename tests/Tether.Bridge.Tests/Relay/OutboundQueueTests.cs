using Tether.Bridge.Relay;
using Tether.Testing;

namespace Tether.Bridge.Tests.Relay;

public sealed class OutboundQueueTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Completing_refuses_new_writes_and_stops_the_flush_only_when_the_grace_has_passed_on_the_bridge_clock()
    {
        var queue = new OutboundQueue(capacity: 4, _clock);
        Assert.True(await queue.WriteAsync("""{"type":"assistant"}""", CancellationToken.None));

        queue.Complete(TimeSpan.FromSeconds(5));

        Assert.False(await queue.WriteAsync("""{"type":"assistant"}""", CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(queue.Stopping.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(queue.Stopping.IsCancellationRequested);
        Assert.True(queue.Reader.TryRead(out _));
    }

    [Fact]
    public void Closing_ends_writes_without_starting_the_grace()
    {
        var queue = new OutboundQueue(capacity: 4, _clock);

        queue.Close();
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(queue.Stopping.IsCancellationRequested);
        Assert.True(queue.Reader.Completion.IsCompleted);
    }
}
