using System.Data.Common;
using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>Reads the stored log: by sequence (replay, gap repair) and by event id (API cursors).</summary>
internal sealed class EventReader(Database database)
{
    /// <summary>Events with <c>afterSeq &lt; seq &lt;= untilSeq</c>, in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(
        string sessionId, long afterSeq, int limit, CancellationToken cancellationToken, long untilSeq = long.MaxValue)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT seq, event_id, uuid, source, type, payload, created_at FROM events
            WHERE session_id = @s AND seq > @after AND seq <= @until ORDER BY seq LIMIT @limit
            """);
        await using var reader = await command.With("@s", sessionId).With("@after", afterSeq).With("@until", untilSeq).With("@limit", limit)
            .ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(sessionId, reader));
        }

        return events;
    }

    /// <summary>The session's newest stored event, or null when it has none.</summary>
    public async Task<StoredEvent?> ReadNewestAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT seq, event_id, uuid, source, type, payload, created_at FROM events WHERE session_id = @s ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.With("@s", sessionId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(sessionId, reader) : null;
    }

    /// <summary>The sequence number of an event id in a session, or null.</summary>
    public async Task<long?> FindSeqAsync(string sessionId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT seq FROM events WHERE session_id = @s AND event_id = @e");
        var value = await command.With("@s", sessionId).With("@e", eventId).ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Maps a row of <c>seq, event_id, uuid, source, type, payload, created_at</c>.</summary>
    internal static StoredEvent Read(string sessionId, DbDataReader reader) => new(
        sessionId,
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        EventSourceNames.Parse(reader.GetString(3)),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
