using System.Runtime.CompilerServices;

namespace Tether.Server.Events;

/// <summary>
/// Replay-then-live with no gap and no duplicate at the seam: subscribe first, replay the store after the resume point,
/// then drain live events, skipping what replay already sent and filling any hole from the store.
/// </summary>
internal sealed class EventStream(SessionBroadcaster broadcaster, EventReader reader)
{
    private const int PageSize = 500;

    public async IAsyncEnumerable<StoredEvent> ReadAsync(string sessionId, long fromSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = broadcaster.Subscribe(sessionId);
        var last = Math.Max(0, fromSeq);
        while (true)
        {
            var page = await reader.ReadAsync(sessionId, last, PageSize, cancellationToken);
            foreach (var stored in page)
            {
                yield return stored;
                last = stored.Seq;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        // WaitToReadAsync/TryRead is what ReadAllAsync does, without a second iterator per subscriber; a channel
        // completed with an error (lagged, closed) throws it here just the same.
        var channel = subscription.Reader;
        while (await channel.WaitToReadAsync(cancellationToken))
        {
            while (channel.TryRead(out var live))
            {
                if (live.IsEphemeral)
                {
                    yield return live;
                    continue;
                }

                if (live.Seq <= last)
                {
                    continue;
                }

                while (live.Seq > last + 1)
                {
                    // Another node committed events this one never published (or they were published before we subscribed).
                    var missing = await reader.ReadAsync(sessionId, last, PageSize, cancellationToken, untilSeq: live.Seq - 1);
                    if (missing.Count == 0)
                    {
                        break;
                    }

                    foreach (var stored in missing)
                    {
                        yield return stored;
                        last = stored.Seq;
                    }
                }

                yield return live;
                last = live.Seq;
            }
        }
    }
}
