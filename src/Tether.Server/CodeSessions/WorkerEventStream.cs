using System.Runtime.CompilerServices;
using Tether.Server.Events;

namespace Tether.Server.CodeSessions;

/// <summary>
/// What a worker's stream connection delivers: client-sourced stored events only. Each new connection first re-delivers
/// every client event up to the session's current end that the worker has not reported <c>processed</c> (even at or below
/// its resume point, so a prompt is not lost when a worker dies mid-turn), then continues live after that end.
/// Processed events are never sent again; the worker deduplicates the rest by uuid.
/// </summary>
internal sealed class WorkerEventStream(EventStream stream, DeliveryStore deliveries)
{
    public async IAsyncEnumerable<StoredEvent> ReadAsync(string sessionId, long fromSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read the end first: anything committed later is after it and comes from the live part, so nothing falls between.
        var end = await deliveries.LastSeqAsync(sessionId, cancellationToken);
        var pending = await deliveries.UnprocessedAsync(sessionId, end, cancellationToken);
        foreach (var stored in pending)
        {
            yield return stored;
        }

        await foreach (var stored in stream.ReadAsync(sessionId, Math.Max(end, fromSeq), cancellationToken))
        {
            if (stored.Source == EventSource.Client && !stored.IsEphemeral)
            {
                yield return stored;
            }
        }
    }
}
