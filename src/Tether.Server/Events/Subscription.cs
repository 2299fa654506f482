using System.Threading.Channels;

namespace Tether.Server.Events;

/// <summary>One live subscriber's bounded buffer. Overflow ends it with <see cref="SubscriberLaggedException"/>.</summary>
internal sealed class Subscription : IDisposable
{
    private readonly Channel<StoredEvent> _channel;
    private readonly SessionBroadcaster _broadcaster;
    private int _disposed;

    public Subscription(string sessionId, int capacity, SessionBroadcaster broadcaster)
    {
        SessionId = sessionId;
        _broadcaster = broadcaster;
        // FullMode Wait makes TryWrite fail when full instead of dropping silently, so overflow is detected.
        _channel = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string SessionId { get; }

    public ChannelReader<StoredEvent> Reader => _channel.Reader;

    public bool TryDeliver(StoredEvent stored)
    {
        if (_channel.Writer.TryWrite(stored))
        {
            return true;
        }

        _channel.Writer.TryComplete(new SubscriberLaggedException());
        return false;
    }

    public void Close(string reason) => _channel.Writer.TryComplete(new SubscriptionClosedException(reason));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _broadcaster.Unsubscribe(this);
        }
    }
}
