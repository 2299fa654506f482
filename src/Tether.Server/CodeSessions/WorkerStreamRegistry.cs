using System.Collections.Concurrent;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Ends the stream connections of a superseded worker as soon as a newer epoch registers on this node, so the old worker
/// learns at once (its reconnect and its next write get 409). Other nodes' streams end at their next check of the epoch.
/// </summary>
internal sealed class WorkerStreamRegistry
{
    private readonly ConcurrentDictionary<string, (long Epoch, CancellationTokenSource Superseded)> _current = new(StringComparer.Ordinal);

    /// <summary>A token cancelled once an epoch newer than <paramref name="epoch"/> registers for the session.</summary>
    public CancellationToken Track(string sessionId, long epoch)
    {
        while (true)
        {
            if (_current.TryGetValue(sessionId, out var entry))
            {
                if (entry.Epoch == epoch)
                {
                    return entry.Superseded.Token;
                }

                if (entry.Epoch > epoch)
                {
                    return new CancellationToken(canceled: true);
                }

                if (_current.TryUpdate(sessionId, (epoch, new CancellationTokenSource()), entry))
                {
                    entry.Superseded.Cancel();
                }
            }
            else
            {
                _current.TryAdd(sessionId, (epoch, new CancellationTokenSource()));
            }
        }
    }

    /// <summary>Called when <paramref name="epoch"/> registered: streams of older epochs end.</summary>
    public void Supersede(string sessionId, long epoch) => Track(sessionId, epoch);
}
