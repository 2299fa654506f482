using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;

namespace Tether.Server.Events;

/// <summary>
/// In-process fan-out of committed events to live subscribers. Publishing never waits: each subscriber has a bounded
/// buffer, and one that falls behind is cut off (it resumes from its last sequence number) so it never slows the others.
/// </summary>
internal sealed class SessionBroadcaster(ServerOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Subscription>> _subscribers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string sessionId)
    {
        var subscription = new Subscription(sessionId, options.SubscriberBufferSize, this);
        _subscribers.AddOrUpdate(sessionId, _ => [subscription], (_, existing) => existing.Add(subscription));
        return subscription;
    }

    /// <summary>Sessions that have at least one live subscriber on this node.</summary>
    public IReadOnlyList<string> WatchedSessions() => [.. _subscribers.Keys];

    public int SubscriberCount(string sessionId) => _subscribers.TryGetValue(sessionId, out var subs) ? subs.Length : 0;

    public void Publish(string sessionId, IReadOnlyList<StoredEvent> events)
    {
        if (!_subscribers.TryGetValue(sessionId, out var subscribers))
        {
            return;
        }

        foreach (var subscription in subscribers)
        {
            foreach (var stored in events)
            {
                if (!subscription.TryDeliver(stored))
                {
                    break;
                }
            }
        }
    }

    /// <summary>Tells a session's subscribers its status changed (an ephemeral <c>session_update</c> frame).</summary>
    public void PublishStatus(string sessionId, string status)
    {
        var payload = JsonSerializer.Serialize(new SessionUpdate(status), SessionUpdateJsonContext.Default.SessionUpdate);
        Publish(sessionId, [new StoredEvent(sessionId, 0, "", null, EventSource.Worker, "session_update", payload, timeProvider.GetUtcNow())]);
    }

    /// <summary>Cuts off every subscriber of a session, for example when its credentials were revoked.</summary>
    public void CloseAll(string sessionId, string reason)
    {
        if (_subscribers.TryGetValue(sessionId, out var subscribers))
        {
            foreach (var subscription in subscribers)
            {
                subscription.Close(reason);
            }
        }
    }

    /// <summary>Called by a subscription when it is disposed.</summary>
    internal void Unsubscribe(Subscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.SessionId, out var existing))
        {
            var updated = existing.Remove(subscription);
            var replaced = updated.IsEmpty
                ? _subscribers.TryRemove(new KeyValuePair<string, ImmutableArray<Subscription>>(subscription.SessionId, existing))
                : _subscribers.TryUpdate(subscription.SessionId, updated, existing);
            if (replaced)
            {
                return;
            }
        }
    }
}
