namespace Tether.Cli.Conversation;

/// <summary>
/// The uuids of messages this client sent, so their echoes are not shown twice. Entries are never removed on a match:
/// one POST can echo twice (the server's broadcast and the agent's replay), as the reference client notes.
/// </summary>
internal sealed class EchoRing(int capacity = 50)
{
    private readonly Lock _lock = new();
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _set = [];

    public void Add(string uuid)
    {
        lock (_lock)
        {
            if (!_set.Add(uuid))
            {
                return;
            }

            _order.Enqueue(uuid);
            if (_order.Count > capacity)
            {
                _set.Remove(_order.Dequeue());
            }
        }
    }

    public bool Contains(string? uuid)
    {
        if (uuid is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _set.Contains(uuid);
        }
    }
}
