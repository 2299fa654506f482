using System.Data.Common;
using System.Globalization;
using Tether.Protocol.Ids;
using Tether.Protocol.Sessions;
using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// Applies one <see cref="AppendRequest"/> inside the writer's transaction: numbers new events with no gap, skips repeated
/// uuids, records permission prompts and their first answer, and moves the session's status. It changes nothing when it
/// returns a failure (the caller rolls back to its savepoint).
/// </summary>
internal sealed class EventAppender(Database database, TimeProvider timeProvider)
{
    public async Task<AppendResult> ApplyAsync(DbConnection connection, DbTransaction transaction, PendingAppend pending, CancellationToken cancellationToken)
    {
        var request = pending.Request;
        var now = timeProvider.GetUtcNow();
        string status;
        long lastSeq;
        long workerEpoch;
        string? workerStatus;
        await using (var select = connection.Command(
            $"SELECT org_id, status, last_seq, worker_epoch, worker_status FROM sessions WHERE id = @id{database.ForUpdate}", transaction))
        {
            await using var reader = await select.With("@id", request.SessionId).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || (request.OrgId is { } org && reader.GetString(0) != org))
            {
                return AppendResult.Fail(AppendStatus.SessionNotFound, "Session not found.");
            }

            status = reader.GetString(1);
            lastSeq = reader.GetInt64(2);
            workerEpoch = reader.GetInt64(3);
            workerStatus = reader.GetNullableString(4);
        }

        if (status == SessionStatuses.Archived)
        {
            return AppendResult.Fail(AppendStatus.SessionArchived, "Session is archived and accepts no new events.");
        }

        if (request.WorkerEpoch is { } epoch && epoch != workerEpoch)
        {
            return AppendResult.Fail(AppendStatus.WorkerSuperseded, $"Worker epoch {epoch} was superseded by epoch {workerEpoch}.");
        }

        if (request.Source == EventSource.Client && await FindAnsweredAsync(connection, transaction, request, cancellationToken) is { } conflict)
        {
            return AppendResult.Fail(AppendStatus.AlreadyAnswered, conflict);
        }

        int accepted = 0, duplicates = 0;
        var turnStatus = status;
        foreach (var incoming in request.Events)
        {
            if (incoming.Ephemeral)
            {
                pending.Published.Add(new StoredEvent(request.SessionId, 0, "", incoming.Uuid, request.Source, incoming.Type, incoming.PayloadJson, now));
                turnStatus = SessionStatusRules.Next(turnStatus, incoming, request.Source);
                continue;
            }

            var eventId = "evt_" + Ulid.New(timeProvider);
            await using (var insert = connection.Command(
                """
                INSERT INTO events (session_id, seq, event_id, uuid, source, type, payload, created_at)
                VALUES (@s, @seq, @e, @u, @src, @type, @p, @t) ON CONFLICT DO NOTHING
                """, transaction))
            {
                var inserted = await insert.With("@s", request.SessionId).With("@seq", lastSeq + 1).With("@e", eventId).With("@u", incoming.Uuid)
                    .With("@src", EventSourceNames.Of(request.Source)).With("@type", incoming.Type).With("@p", incoming.PayloadJson)
                    .With("@t", now.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
                if (inserted == 0)
                {
                    duplicates++;
                    continue;
                }
            }

            lastSeq++;
            accepted++;
            pending.Published.Add(new StoredEvent(request.SessionId, lastSeq, eventId, incoming.Uuid, request.Source, incoming.Type, incoming.PayloadJson, now));
            await ApplyPermissionEffectsAsync(connection, transaction, request, incoming, lastSeq, now, cancellationToken);
            turnStatus = SessionStatusRules.Next(turnStatus, incoming, request.Source);
        }

        var pendingPrompts = await CountPendingAsync(connection, transaction, request.SessionId, cancellationToken);
        // A registered v2 worker reports its own status; events only decide whether a prompt is open (SessionStatusRules).
        var newStatus = workerEpoch > 0
            ? SessionStatusRules.ForWorker(workerStatus, status, pendingPrompts)
            : SessionStatusRules.Resolve(turnStatus, pendingPrompts);
        if (accepted > 0 || newStatus != status)
        {
            await using var update = connection.Command(
                "UPDATE sessions SET last_seq = @seq, status = @status, updated_at = @t WHERE id = @id", transaction);
            await update.With("@seq", lastSeq).With("@status", newStatus).With("@t", now.ToUnixTimeMilliseconds()).With("@id", request.SessionId)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        return new AppendResult(AppendStatus.Ok, accepted, duplicates, lastSeq) { StatusAfter = newStatus, StatusBefore = status };
    }

    private static async Task<string?> FindAnsweredAsync(
        DbConnection connection, DbTransaction transaction, AppendRequest request, CancellationToken cancellationToken)
    {
        foreach (var incoming in request.Events)
        {
            if (incoming.Type != "control_response" || incoming.RequestId is null)
            {
                continue;
            }

            string state;
            string? answeredBy, decision;
            await using (var command = connection.Command(
                """
                SELECT p.status, COALESCE(u.email, p.answered_by), p.decision FROM pending_actions p
                LEFT JOIN users u ON u.id = p.answered_by
                WHERE p.session_id = @s AND p.request_id = @r
                """, transaction))
            {
                // Read the row fully before the next query: PostgreSQL allows one open reader per connection.
                await using var reader = await command.With("@s", request.SessionId).With("@r", incoming.RequestId).ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    continue;
                }

                (state, answeredBy, decision) = (reader.GetString(0), reader.GetNullableString(1), reader.GetNullableString(2));
            }

            if (state == PendingActionStates.Answered)
            {
                // A retry of the very answer that won is a duplicate, not a conflict; the uuid check handles it.
                if (incoming.Uuid is not null && await IsStoredAsync(connection, transaction, request.SessionId, incoming.Uuid, cancellationToken))
                {
                    continue;
                }

                return $"Permission request {incoming.RequestId} was already answered ({decision ?? "answered"}) by {answeredBy ?? "someone else"}.";
            }

            if (state != PendingActionStates.Pending)
            {
                return $"Permission request {incoming.RequestId} is no longer pending ({state}).";
            }
        }

        return null;
    }

    private static async Task<bool> IsStoredAsync(DbConnection connection, DbTransaction transaction, string sessionId, string uuid, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT 1 FROM events WHERE session_id = @s AND source = 'client' AND uuid = @u", transaction);
        return await command.With("@s", sessionId).With("@u", uuid).ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ApplyPermissionEffectsAsync(
        DbConnection connection, DbTransaction transaction, AppendRequest request, IncomingEvent incoming, long seq, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sql = (request.Source, incoming.Type, incoming.Subtype) switch
        {
            (EventSource.Worker, "control_request", "can_use_tool") =>
                """
                INSERT INTO pending_actions (session_id, request_id, tool_name, request_seq, status, created_at)
                VALUES (@s, @r, @tool, @seq, 'pending', @t) ON CONFLICT DO NOTHING
                """,
            (EventSource.Client, "control_response", _) =>
                "UPDATE pending_actions SET status = 'answered', answered_by = @actor, answered_at = @t, decision = @d WHERE session_id = @s AND request_id = @r AND status = 'pending'",
            (_, "control_cancel_request", _) =>
                "UPDATE pending_actions SET status = 'cancelled', answered_by = @actor, answered_at = @t WHERE session_id = @s AND request_id = @r AND status = 'pending'",
            (EventSource.Worker, "result", _) =>
                "UPDATE pending_actions SET status = 'expired', answered_at = @t WHERE session_id = @s AND status = 'pending'",
            _ => null,
        };
        if (sql is null)
        {
            return;
        }

        await using var command = connection.Command(sql, transaction);
        await command.With("@s", request.SessionId).With("@r", incoming.RequestId).With("@tool", incoming.ToolName).With("@seq", seq)
            .With("@t", now.ToUnixTimeMilliseconds()).With("@actor", request.Actor).With("@d", incoming.Behavior ?? "answered")
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountPendingAsync(DbConnection connection, DbTransaction transaction, string sessionId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT COUNT(*) FROM pending_actions WHERE session_id = @s AND status = 'pending'", transaction);
        return Convert.ToInt64(await command.With("@s", sessionId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
