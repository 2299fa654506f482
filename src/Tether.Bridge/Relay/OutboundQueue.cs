using System.Threading.Channels;

namespace Tether.Bridge.Relay;

/// <summary>
/// A transport's agent-output queue: ordered, bounded (writers wait), drained by one <see cref="OutboundBatcher"/>. Once
/// writes are completed, <see cref="Stopping"/> fires after the flush grace so whatever is still queued is dropped.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly Channel<OutboundEvent> _channel;
    private readonly CancellationTokenSource _stop;

    /// <summary>A queue of <paramref name="capacity"/> events whose flush grace runs on <paramref name="timeProvider"/>.</summary>
    public OutboundQueue(int capacity, TimeProvider timeProvider)
    {
        _channel = Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        // A source made with a TimeProvider runs its CancelAfter timer on that provider.
        _stop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
    }

    public ChannelReader<OutboundEvent> Reader => _channel.Reader;

    /// <summary>Cancelled when the flush grace after <see cref="Complete"/> ran out.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Queues one event, waiting while the queue is full; false once writes were completed.</summary>
    public async ValueTask<bool> WriteAsync(string json, CancellationToken cancellationToken)
    {
        var item = OutboundEvent.Create(json);
        while (await _channel.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_channel.Writer.TryWrite(item))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No more writes; what is queued may still go out within <paramref name="flushGrace"/>.</summary>
    public void Complete(TimeSpan flushGrace)
    {
        if (_channel.Writer.TryComplete())
        {
            // A timer owned by the token source, not a task: nothing to await when it fires.
            _stop.CancelAfter(flushGrace);
        }
    }

    /// <summary>No more writes, without starting the flush grace (the transport is ending anyway).</summary>
    public void Close() => _channel.Writer.TryComplete();
}
