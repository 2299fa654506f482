namespace Tether.Bridge.Relay;

/// <summary>
/// Remembers the uuids of recently delivered inbound messages (a ring of 2000 by default, as the reference's rings) so
/// a message the server re-delivers after a reconnect reaches the child only once. Thread-safe.
/// </summary>
internal sealed class InboundDeduplicator(int capacity = InboundDeduplicator.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;

    private readonly HashSet<string> _seen = new(capacity, StringComparer.Ordinal);
    private readonly Queue<string> _order = new(capacity);
    private readonly object _lock = new();

    /// <summary>Records <paramref name="uuid"/>; true the first time it is seen (deliver it), false for a repeat (drop it).</summary>
    public bool TryMarkSeen(string uuid)
    {
        ArgumentException.ThrowIfNullOrEmpty(uuid);
        lock (_lock)
        {
            if (!_seen.Add(uuid))
            {
                return false;
            }

            _order.Enqueue(uuid);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>True when <paramref name="uuid"/> is among the remembered ones.</summary>
    public bool Contains(string uuid)
    {
        lock (_lock)
        {
            return _seen.Contains(uuid);
        }
    }

    /// <summary>Forgets everything (a new session starts with a fresh history).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _seen.Clear();
            _order.Clear();
        }
    }
}
