using Tether.Protocol.CodeSessions;
using Tether.Server.Events;
using Tether.Server.Store;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Delivery reports for client events (<c>deliveries</c>). A status only moves forward (received → processing →
/// processed); a client event not yet processed is delivered again on the worker's next stream connection.
/// </summary>
internal sealed class DeliveryStore(Database database, TimeProvider timeProvider)
{
    private const int MaxRedelivered = 1000;

    public async Task RecordAsync(string sessionId, IReadOnlyList<DeliveryUpdate> updates, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            foreach (var update in updates)
            {
                await using var command = connection.Command(
                    """
                    INSERT INTO deliveries (session_id, event_id, status, updated_at) VALUES (@s, @e, @st, @t)
                    ON CONFLICT (session_id, event_id) DO UPDATE SET
                        status = CASE
                            WHEN deliveries.status = 'processed' OR excluded.status = 'processed' THEN 'processed'
                            WHEN deliveries.status = 'processing' OR excluded.status = 'processing' THEN 'processing'
                            ELSE excluded.status END,
                        updated_at = excluded.updated_at
                    """, transaction);
                await command.With("@s", sessionId).With("@e", update.EventId).With("@st", update.Status).With("@t", now)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The session's highest stored sequence number.</summary>
    public async Task<long> LastSeqAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT last_seq FROM sessions WHERE id = @s");
        return await command.With("@s", sessionId).ExecuteScalarAsync(cancellationToken) is long seq ? seq : 0;
    }

    /// <summary>Client events up to <paramref name="untilSeq"/> the worker has not reported processed, oldest first.</summary>
    public async Task<IReadOnlyList<StoredEvent>> UnprocessedAsync(string sessionId, long untilSeq, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT e.seq, e.event_id, e.uuid, e.source, e.type, e.payload, e.created_at FROM events e
            LEFT JOIN deliveries d ON d.session_id = e.session_id AND d.event_id = e.event_id
            WHERE e.session_id = @s AND e.source = 'client' AND e.seq <= @until AND (d.status IS NULL OR d.status <> 'processed')
            ORDER BY e.seq LIMIT @limit
            """);
        await using var reader = await command.With("@s", sessionId).With("@until", untilSeq).With("@limit", MaxRedelivered)
            .ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(EventReader.Read(sessionId, reader));
        }

        return events;
    }
}
