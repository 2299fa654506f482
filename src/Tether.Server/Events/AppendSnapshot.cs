using System.Data.Common;
using System.Text;
using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// What a commit batch needs to know before it writes, read in one round trip: the rows of its sessions (locked, in id
/// order), which of its uuids are stored already, the prompts it refers to, and the emails of people who answer one.
/// </summary>
internal sealed class AppendSnapshot
{
    private AppendSnapshot()
    {
    }

    /// <summary>The batch's sessions by id; a missing one does not exist.</summary>
    public Dictionary<string, SessionAppendState> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Emails of the people answering prompts in this batch, by user id.</summary>
    public Dictionary<string, string> Emails { get; } = new(StringComparer.Ordinal);

    public static async Task<AppendSnapshot> ReadAsync(
        Database database, DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var snapshot = new AppendSnapshot();
        var reads = new StatementBatch();
        var sessionIds = batch.Select(p => p.Request.SessionId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var chunk in sessionIds.Chunk(database.ParametersPerStatement))
        {
            // Locking in id order keeps two nodes' writers from deadlocking on the same sessions.
            var query = reads.AddQuery(
                $"""
                SELECT s.id, s.org_id, s.status, s.last_seq, s.worker_epoch, s.worker_status,
                    (SELECT COUNT(*) FROM pending_actions p WHERE p.session_id = s.id AND p.status = 'pending')
                FROM sessions s WHERE s.id IN ({Names("@s", chunk.Length)}) ORDER BY s.id{database.ForUpdate}
                """,
                reader => snapshot.Sessions[reader.GetString(0)] = new SessionAppendState(
                    reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetNullableString(5), reader.GetInt64(6)));
            AddValues(query, "@s", chunk);
        }

        AddUuidQueries(snapshot, reads, batch, database.ParametersPerStatement);
        AddPromptQueries(snapshot, reads, batch, database.ParametersPerStatement);
        var answerers = batch.Where(p => p.Request.Source == EventSource.Client && p.Request.Events.Any(IsAnswer))
            .Select(p => p.Request.Actor).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in answerers.Chunk(database.ParametersPerStatement))
        {
            var query = reads.AddQuery(
                $"SELECT id, email FROM users WHERE id IN ({Names("@a", chunk.Length)})",
                reader => snapshot.Emails[reader.GetString(0)] = reader.GetString(1));
            AddValues(query, "@a", chunk);
        }

        await reads.ExecuteAsync(connection, transaction, cancellationToken);
        return snapshot;
    }

    /// <summary>A client's answer to a prompt, checked against the prompt's state before it is stored.</summary>
    public static bool IsAnswer(IncomingEvent incoming) => incoming.Type == "control_response" && incoming.RequestId is not null;

    private static void AddUuidQueries(AppendSnapshot snapshot, StatementBatch reads, IReadOnlyList<PendingAppend> batch, int parametersPerStatement)
    {
        var wanted = batch
            .SelectMany(p => p.Request.Events.Where(e => !e.Ephemeral && e.Uuid is not null)
                .Select(e => (Key: (p.Request.SessionId, p.Request.Source), Uuid: e.Uuid!)))
            .Distinct()
            .ToList();
        // Half the budget for the values: each group adds its own session (and source) parameters.
        foreach (var chunk in wanted.Chunk(parametersPerStatement / 2))
        {
            var (sql, parameters) = InGroups("SELECT session_id, source, uuid FROM events WHERE ", "session_id", "source", "uuid", chunk
                .GroupBy(w => w.Key)
                .Select(g => (g.Key.SessionId, (object?)EventSourceNames.Of(g.Key.Source), g.Select(w => w.Uuid).ToList())));
            var query = reads.AddQuery(sql, reader =>
            {
                if (snapshot.Sessions.TryGetValue(reader.GetString(0), out var session))
                {
                    session.UuidsFrom(EventSourceNames.Parse(reader.GetString(1))).Add(reader.GetString(2));
                }
            });
            foreach (var (name, value) in parameters)
            {
                query.With(name, value);
            }
        }
    }

    private static void AddPromptQueries(AppendSnapshot snapshot, StatementBatch reads, IReadOnlyList<PendingAppend> batch, int parametersPerStatement)
    {
        var wanted = batch
            .SelectMany(p => p.Request.Events.Where(e => e.RequestId is not null && e.Type is "control_request" or "control_response" or "control_cancel_request")
                .Select(e => (p.Request.SessionId, RequestId: e.RequestId!)))
            .Distinct()
            .ToList();
        // Half the budget for the values: each group adds its own session (and source) parameters.
        foreach (var chunk in wanted.Chunk(parametersPerStatement / 2))
        {
            var (sql, parameters) = InGroups(
                """
                SELECT p.session_id, p.request_id, p.status, COALESCE(u.email, p.answered_by), p.decision FROM pending_actions p
                LEFT JOIN users u ON u.id = p.answered_by WHERE 
                """,
                "p.session_id", null, "p.request_id", chunk
                    .GroupBy(w => w.SessionId, StringComparer.Ordinal)
                    .Select(g => (g.Key, (object?)null, g.Select(w => w.RequestId).ToList())));
            var query = reads.AddQuery(sql, reader =>
            {
                if (snapshot.Sessions.TryGetValue(reader.GetString(0), out var session))
                {
                    session.Prompts[reader.GetString(1)] = new PromptState(reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4));
                }
            });
            foreach (var (name, value) in parameters)
            {
                query.With(name, value);
            }
        }
    }

    /// <summary>
    /// <c>(session = @g0 AND [source = @h0 AND] value IN (…)) OR …</c>: each group is one index range, which a single
    /// <c>session IN (…) AND value IN (…)</c> would not be.
    /// </summary>
    private static (string Sql, List<KeyValuePair<string, object?>> Parameters) InGroups(
        string prefix, string sessionColumn, string? sourceColumn, string valueColumn, IEnumerable<(string Session, object? Source, List<string> Values)> groups)
    {
        var sql = new StringBuilder(prefix);
        var parameters = new List<KeyValuePair<string, object?>>();
        var g = 0;
        var v = 0;
        foreach (var (session, source, values) in groups)
        {
            sql.Append(g == 0 ? "(" : " OR (").Append(sessionColumn).Append(" = @g").Append(g);
            parameters.Add(new($"@g{g}", session));
            if (sourceColumn is not null)
            {
                sql.Append(" AND ").Append(sourceColumn).Append(" = @h").Append(g);
                parameters.Add(new($"@h{g}", source));
            }

            sql.Append(" AND ").Append(valueColumn).Append(" IN (");
            for (var i = 0; i < values.Count; i++, v++)
            {
                sql.Append(i == 0 ? "@v" : ", @v").Append(v);
                parameters.Add(new($"@v{v}", values[i]));
            }

            sql.Append("))");
            g++;
        }

        return (sql.ToString(), parameters);
    }

    private static string Names(string prefix, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static void AddValues(BatchStatement statement, string prefix, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            statement.With(prefix + i, values[i]);
        }
    }
}
