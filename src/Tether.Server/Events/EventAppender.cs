using System.Data.Common;
using System.Text;
using Tether.Protocol.Ids;
using Tether.Protocol.Sessions;
using Tether.Server.Store;

namespace Tether.Server.Events;

/// <summary>
/// Applies a commit batch of <see cref="AppendRequest"/>s inside the writer's transaction: numbers new events with no gap,
/// skips repeated uuids, records permission prompts and their first answer, and moves each session's status. It reads
/// what the batch needs in one round trip (<see cref="AppendSnapshot"/>), applies the appends in order in memory — an
/// append that fails changes nothing, so it cannot affect the others — and sends every write in one more.
/// </summary>
internal sealed class EventAppender(Database database, IEventCommitObserver observer, TimeProvider timeProvider)
{
    private const int ParametersPerEventRow = 8;

    public async Task<AppendResult[]> ApplyAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var snapshot = await AppendSnapshot.ReadAsync(database, connection, transaction, batch, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var events = new List<StoredEvent>();
        var prompts = new StatementBatch();
        var results = new AppendResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = Apply(batch[i], snapshot, now, events, prompts);
        }

        var writes = new StatementBatch();
        foreach (var rows in events.Chunk(Math.Max(1, database.ParametersPerStatement / ParametersPerEventRow)))
        {
            AddInsert(writes, rows);
        }

        writes.AddRange(prompts);

        foreach (var (id, session) in snapshot.Sessions)
        {
            if (session.Changed)
            {
                writes.Add("UPDATE sessions SET last_seq = @seq, status = @status, updated_at = @t WHERE id = @id")
                    .With("@seq", session.LastSeq).With("@status", session.Status).With("@t", now.ToUnixTimeMilliseconds()).With("@id", id);
            }
        }

        observer.BeforeCommit(batch, writes);
        await writes.ExecuteAsync(connection, transaction, cancellationToken);
        return results;
    }

    private AppendResult Apply(PendingAppend pending, AppendSnapshot snapshot, DateTimeOffset now, List<StoredEvent> events, StatementBatch prompts)
    {
        var request = pending.Request;
        if (!snapshot.Sessions.TryGetValue(request.SessionId, out var session) || (request.OrgId is { } org && session.OrgId != org))
        {
            return AppendResult.Fail(AppendStatus.SessionNotFound, "Session not found.");
        }

        var status = session.Status;
        if (status == SessionStatuses.Archived)
        {
            return AppendResult.Fail(AppendStatus.SessionArchived, "Session is archived and accepts no new events.");
        }

        if (request.WorkerEpoch is { } epoch && epoch != session.WorkerEpoch)
        {
            return AppendResult.Fail(AppendStatus.WorkerSuperseded, $"Worker epoch {epoch} was superseded by epoch {session.WorkerEpoch}.");
        }

        if (request.Source == EventSource.Client && FindAnswered(request, session, snapshot) is { } conflict)
        {
            return AppendResult.Fail(AppendStatus.AlreadyAnswered, conflict);
        }

        // Nothing above changed the session: a refused append leaves the batch's state as it found it.
        int accepted = 0, duplicates = 0;
        var turnStatus = status;
        var uuids = session.UuidsFrom(request.Source);
        foreach (var incoming in request.Events)
        {
            if (incoming.Ephemeral)
            {
                pending.Published.Add(new StoredEvent(request.SessionId, 0, "", incoming.Uuid, request.Source, incoming.Type, incoming.PayloadJson, now));
                turnStatus = SessionStatusRules.Next(turnStatus, incoming, request.Source);
                continue;
            }

            if (incoming.Uuid is not null && !uuids.Add(incoming.Uuid))
            {
                duplicates++;
                continue;
            }

            var stored = new StoredEvent(
                request.SessionId, ++session.LastSeq, "evt_" + Ulid.New(timeProvider), incoming.Uuid, request.Source, incoming.Type, incoming.PayloadJson, now);
            accepted++;
            events.Add(stored);
            pending.Published.Add(stored);
            ApplyPermissionEffects(session, request, incoming, stored.Seq, now, snapshot, prompts);
            turnStatus = SessionStatusRules.Next(turnStatus, incoming, request.Source);
        }

        // A registered v2 worker reports its own status; events only decide whether a prompt is open (SessionStatusRules).
        var newStatus = session.WorkerEpoch > 0
            ? SessionStatusRules.ForWorker(session.WorkerStatus, status, session.PendingPrompts)
            : SessionStatusRules.Resolve(turnStatus, session.PendingPrompts);
        if (accepted > 0 || newStatus != status)
        {
            session.Status = newStatus;
            session.Changed = true;
        }

        return new AppendResult(AppendStatus.Ok, accepted, duplicates, session.LastSeq) { StatusAfter = newStatus, StatusBefore = status };
    }

    private static string? FindAnswered(AppendRequest request, SessionAppendState session, AppendSnapshot snapshot)
    {
        foreach (var incoming in request.Events)
        {
            if (!AppendSnapshot.IsAnswer(incoming) || !session.Prompts.TryGetValue(incoming.RequestId!, out var prompt))
            {
                continue;
            }

            if (prompt.Status == PendingActionStates.Answered)
            {
                // A retry of the very answer that won is a duplicate, not a conflict; the uuid check handles it.
                if (incoming.Uuid is not null && session.ClientUuids.Contains(incoming.Uuid))
                {
                    continue;
                }

                return $"Permission request {incoming.RequestId} was already answered ({prompt.Decision ?? "answered"}) by {prompt.AnsweredBy ?? "someone else"}.";
            }

            if (prompt.Status != PendingActionStates.Pending)
            {
                return $"Permission request {incoming.RequestId} is no longer pending ({prompt.Status}).";
            }
        }

        return null;
    }

    /// <summary>Moves the prompt in memory as the queued statement will move its row, keeping the pending count exact.</summary>
    private static void ApplyPermissionEffects(
        SessionAppendState session, AppendRequest request, IncomingEvent incoming, long seq, DateTimeOffset now, AppendSnapshot snapshot,
        StatementBatch prompts)
    {
        var t = now.ToUnixTimeMilliseconds();
        switch (request.Source, incoming.Type, incoming.Subtype)
        {
            case (EventSource.Worker, "control_request", "can_use_tool") when !session.Prompts.ContainsKey(incoming.RequestId!):
                session.Prompts[incoming.RequestId!] = new PromptState(PendingActionStates.Pending, null, null);
                session.PendingPrompts++;
                prompts.Add(
                    """
                    INSERT INTO pending_actions (session_id, request_id, tool_name, request_seq, status, created_at)
                    VALUES (@s, @r, @tool, @seq, 'pending', @t) ON CONFLICT DO NOTHING
                    """).With("@s", request.SessionId).With("@r", incoming.RequestId).With("@tool", incoming.ToolName).With("@seq", seq).With("@t", t);
                break;
            case (EventSource.Client, "control_response", _) when IsPending(session, incoming.RequestId):
                var decision = incoming.Behavior ?? "answered";
                session.Prompts[incoming.RequestId!] = new PromptState(
                    PendingActionStates.Answered, snapshot.Emails.GetValueOrDefault(request.Actor) ?? request.Actor, decision);
                session.PendingPrompts--;
                prompts.Add(
                    "UPDATE pending_actions SET status = 'answered', answered_by = @actor, answered_at = @t, decision = @d WHERE session_id = @s AND request_id = @r AND status = 'pending'")
                    .With("@actor", request.Actor).With("@t", t).With("@d", decision).With("@s", request.SessionId).With("@r", incoming.RequestId);
                break;
            case (_, "control_cancel_request", _) when IsPending(session, incoming.RequestId):
                session.Prompts[incoming.RequestId!] = new PromptState(PendingActionStates.Cancelled, request.Actor, null);
                session.PendingPrompts--;
                prompts.Add(
                    "UPDATE pending_actions SET status = 'cancelled', answered_by = @actor, answered_at = @t WHERE session_id = @s AND request_id = @r AND status = 'pending'")
                    .With("@actor", request.Actor).With("@t", t).With("@s", request.SessionId).With("@r", incoming.RequestId);
                break;
            case (EventSource.Worker, "result", _) when session.PendingPrompts > 0:
                foreach (var (requestId, prompt) in session.Prompts.Where(p => p.Value.Status == PendingActionStates.Pending).ToList())
                {
                    session.Prompts[requestId] = prompt with { Status = PendingActionStates.Expired };
                }

                session.PendingPrompts = 0;
                prompts.Add("UPDATE pending_actions SET status = 'expired', answered_at = @t WHERE session_id = @s AND status = 'pending'")
                    .With("@t", t).With("@s", request.SessionId);
                break;
        }
    }

    private static bool IsPending(SessionAppendState session, string? requestId) =>
        requestId is not null && session.Prompts.TryGetValue(requestId, out var prompt) && prompt.Status == PendingActionStates.Pending;

    private static void AddInsert(StatementBatch writes, IReadOnlyList<StoredEvent> rows)
    {
        var sql = new StringBuilder("INSERT INTO events (session_id, seq, event_id, uuid, source, type, payload, created_at) VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append($"(@s{i}, @q{i}, @e{i}, @u{i}, @src{i}, @type{i}, @p{i}, @t{i})");
        }

        var insert = writes.Add(sql.ToString());
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            insert.With($"@s{i}", row.SessionId).With($"@q{i}", row.Seq).With($"@e{i}", row.EventId).With($"@u{i}", row.Uuid)
                .With($"@src{i}", EventSourceNames.Of(row.Source)).With($"@type{i}", row.Type).With($"@p{i}", row.PayloadJson)
                .With($"@t{i}", row.CreatedAt.ToUnixTimeMilliseconds());
        }
    }
}
