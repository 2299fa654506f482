using System.Text.Json;

namespace Tether.Cli.Conversation;

/// <summary>Open permission prompts in arrival order; typed answers go to the oldest.</summary>
internal sealed class PendingPrompts
{
    private readonly Lock _lock = new();
    private readonly List<(string RequestId, JsonElement Request)> _open = [];

    public bool Add(string requestId, JsonElement request)
    {
        lock (_lock)
        {
            if (_open.Exists(p => p.RequestId == requestId))
            {
                return false;
            }

            _open.Add((requestId, request));
            return true;
        }
    }

    public bool TryPeekOldest(out string requestId, out JsonElement request)
    {
        lock (_lock)
        {
            (requestId, request) = _open.Count > 0 ? _open[0] : (string.Empty, default);
            return _open.Count > 0;
        }
    }

    /// <summary>Removes a prompt; false when it was not open (already answered or never seen).</summary>
    public bool Remove(string requestId)
    {
        lock (_lock)
        {
            return _open.RemoveAll(p => p.RequestId == requestId) > 0;
        }
    }

    public IReadOnlyList<(string RequestId, JsonElement Request)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _open];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _open.Clear();
        }
    }
}
