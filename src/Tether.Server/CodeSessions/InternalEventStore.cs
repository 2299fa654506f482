using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Tether.Protocol.CodeSessions;
using Tether.Protocol.Ids;
using Tether.Server.Store;

namespace Tether.Server.CodeSessions;

/// <summary>
/// The worker's internal transcript (<c>internal_events</c>), read back on resume. Separate from the session's event log:
/// viewers never see it. A repeated payload uuid is acknowledged as a duplicate and not stored twice.
/// </summary>
internal sealed class InternalEventStore(Database database, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<InternalEventResult>> AppendAsync(
        string sessionId, IReadOnlyList<(WorkerEvent Event, string Type, string? Uuid)> events, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new List<InternalEventResult>(events.Count);
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            // Locking the session row serialises numbering on PostgreSQL; SQLite's write transaction already does.
            await using (var lockRow = connection.Command($"SELECT id FROM sessions WHERE id = @s{database.ForUpdate}", transaction))
            {
                await lockRow.With("@s", sessionId).ExecuteScalarAsync(cancellationToken);
            }

            long seq;
            await using (var max = connection.Command("SELECT COALESCE(MAX(seq), 0) FROM internal_events WHERE session_id = @s", transaction))
            {
                seq = Convert.ToInt64(await max.With("@s", sessionId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            foreach (var (item, type, uuid) in events)
            {
                if (uuid is not null && await FindByUuidAsync(connection, transaction, sessionId, uuid, cancellationToken) is { } existing)
                {
                    results.Add(new InternalEventResult { EventId = existing, Duplicate = true });
                    continue;
                }

                var eventId = "ievt_" + Ulid.New(timeProvider);
                seq++;
                await using var insert = connection.Command(
                    """
                    INSERT INTO internal_events (session_id, seq, event_id, uuid, event_type, payload, event_metadata, is_compaction, agent_id, created_at)
                    VALUES (@s, @seq, @e, @u, @type, @p, @m, @c, @a, @t)
                    """, transaction);
                await insert.With("@s", sessionId).With("@seq", seq).With("@e", eventId).With("@u", uuid).With("@type", type)
                    .With("@p", item.Payload.GetRawText())
                    .With("@m", item.EventMetadata.ValueKind is JsonValueKind.Object ? item.EventMetadata.GetRawText() : null)
                    .With("@c", item.IsCompaction == true ? 1L : 0L).With("@a", item.AgentId).With("@t", now)
                    .ExecuteNonQueryAsync(cancellationToken);
                results.Add(new InternalEventResult { EventId = eventId, Duplicate = false });
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return results;
    }

    /// <summary>
    /// A page after <paramref name="afterSeq"/>. Without <paramref name="subagents"/> only the main thread's events;
    /// with an <paramref name="agentId"/> only that sub-agent's.
    /// </summary>
    public async Task<InternalEventsPage> PageAsync(
        string sessionId, long afterSeq, int limit, bool subagents, string? agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT seq, event_id, event_type, payload, event_metadata, is_compaction, agent_id, created_at FROM internal_events
            WHERE session_id = @s AND seq > @after
              AND ((CAST(@agent AS TEXT) IS NOT NULL AND agent_id = @agent) OR (CAST(@agent AS TEXT) IS NULL AND (@all = 1 OR agent_id IS NULL)))
            ORDER BY seq LIMIT @limit
            """);
        await using var reader = await command.With("@s", sessionId).With("@after", afterSeq).With("@agent", agentId)
            .With("@all", subagents ? 1L : 0L).With("@limit", limit + 1).ExecuteReaderAsync(cancellationToken);
        var data = new List<InternalEvent>();
        long lastSeq = afterSeq;
        var hasMore = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (data.Count == limit)
            {
                hasMore = true;
                break;
            }

            lastSeq = reader.GetInt64(0);
            data.Add(new InternalEvent
            {
                EventId = reader.GetString(1),
                EventType = reader.GetString(2),
                Payload = Parse(reader.GetString(3)),
                EventMetadata = reader.GetNullableString(4) is { } metadata ? Parse(metadata) : null,
                IsCompaction = reader.GetInt64(5) != 0,
                AgentId = reader.GetNullableString(6),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            });
        }

        return new InternalEventsPage { Data = data, NextCursor = hasMore ? lastSeq.ToString(CultureInfo.InvariantCulture) : null };
    }

    private static async Task<string?> FindByUuidAsync(
        DbConnection connection, DbTransaction transaction, string sessionId, string uuid, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT event_id FROM internal_events WHERE session_id = @s AND uuid = @u", transaction);
        return (string?)await command.With("@s", sessionId).With("@u", uuid).ExecuteScalarAsync(cancellationToken);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
