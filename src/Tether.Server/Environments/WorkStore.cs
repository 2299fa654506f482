using System.Data.Common;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Environments;

/// <summary>
/// Work items: queued by session creation and reconnect, claimed by polls (atomically: a write transaction on SQLite,
/// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), acked and heartbeaten by the bridge, stopped by it or by archive.
/// </summary>
internal sealed class WorkStore(Database database, EnvironmentOptions options, TimeProvider timeProvider)
{
    private const string Columns = "id, org_id, environment_id, session_id, type, state, created_at";

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Queues session work for an environment.</summary>
    public async Task<string> EnqueueSessionAsync(string orgId, string environmentId, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await InsertQueuedAsync(connection, null, orgId, environmentId, sessionId, Now, cancellationToken);
    }

    /// <summary>
    /// Claims the oldest queued item (or a claimed one not acked for <paramref name="reclaimAfter"/>) for the environment whose
    /// secret hashes to <paramref name="secretHash"/>, issuing a new ingress token. Session work is handed out only while
    /// acked plus freshly claimed items are below <c>max_sessions</c>. Records the poll time either way.
    /// </summary>
    public async Task<ClaimOutcome> ClaimAsync(string environmentId, string secretHash, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        var now = Now;
        var reclaimBefore = now - (long)reclaimAfter.TotalMilliseconds;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            // Three round trips in all (reads, writes, commit). The environment row is locked first, so claims on one
            // environment queue there and the room check in the second query holds until the commit.
            (string OrgId, string SecretHash, string State)? environment = null;
            (WorkItemRecord Item, string? PermissionMode, string? SessionContext, bool UseCodeSessions)? next = null;
            var reads = new StatementBatch();
            reads.AddQuery($"SELECT org_id, secret_hash, state FROM environments WHERE id = @e{database.ForUpdate}",
                reader => environment = (reader.GetString(0), reader.GetString(1), reader.GetString(2))).With("@e", environmentId);
            reads.AddQuery(
                $"""
                SELECT w.id, w.org_id, w.environment_id, w.session_id, w.type, w.state, w.created_at,
                    s.permission_mode, s.session_context, o.use_code_sessions
                FROM work_items w
                JOIN environments e ON e.id = w.environment_id
                JOIN orgs o ON o.id = e.org_id
                LEFT JOIN sessions s ON s.id = w.session_id
                WHERE w.environment_id = @e AND (w.state = 'queued' OR (w.state = 'claimed' AND w.claimed_at <= @rb))
                    AND (w.type <> 'session' OR e.max_sessions > (
                        SELECT COUNT(*) FROM work_items u WHERE u.environment_id = @e AND u.type = 'session'
                            AND (u.state = 'acked' OR (u.state = 'claimed' AND u.claimed_at > @rb))))
                ORDER BY w.created_at, w.id LIMIT 1{database.ForUpdateSkipLockedOf("w")}
                """,
                reader => next = (Read(reader), reader.GetNullableString(7), reader.GetNullableString(8), reader.GetInt64(9) != 0))
                .With("@e", environmentId).With("@rb", reclaimBefore);
            await reads.ExecuteAsync(connection, transaction, cancellationToken);

            if (environment is not { } found)
            {
                return ClaimOutcome.Gone;
            }

            if (!string.Equals(found.SecretHash, secretHash, StringComparison.Ordinal))
            {
                return ClaimOutcome.BadSecret;
            }

            if (found.State != EnvironmentStates.Active)
            {
                return ClaimOutcome.Gone;
            }

            var writes = new StatementBatch();
            writes.Add("UPDATE environments SET last_poll_at = @t WHERE id = @e").With("@t", now).With("@e", environmentId);
            if (next is not { } claimable)
            {
                await writes.ExecuteAsync(connection, transaction, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return ClaimOutcome.NoWork;
            }

            var item = claimable.Item;
            var tokenId = "sit_" + Ulid.New(timeProvider);
            var token = TokenPrefixes.SessionIngress + SessionIds.RandomToken(32);
            // Every claim, a re-dispatch included, mints a new token with a full lifetime; earlier tokens of the session
            // stay valid until their own expiry, so a bridge switching over has no gap.
            var expiresAt = now + (long)options.IngressTokenLifetime.TotalMilliseconds;
            writes.Add(
                """
                INSERT INTO session_ingress_tokens (id, hash, org_id, session_id, environment_id, work_id, created_at, expires_at)
                VALUES (@id, @h, @o, @s, @e, @w, @t, @x)
                """)
                .With("@id", tokenId).With("@h", TokenHasher.Hash(token)).With("@o", found.OrgId).With("@s", item.SessionId)
                .With("@e", environmentId).With("@w", item.Id).With("@t", now).With("@x", expiresAt);
            writes.Add("UPDATE work_items SET state = 'claimed', claimed_at = @t, ingress_token_id = @tid, updated_at = @t WHERE id = @w")
                .With("@t", now).With("@tid", tokenId).With("@w", item.Id);
            await writes.ExecuteAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ClaimOutcome(ClaimStatus.Claimed, new ClaimedWork(
                item with { State = WorkStates.Claimed }, token, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt), claimable.PermissionMode,
                claimable.SessionContext, claimable.UseCodeSessions));
        }
    }

    /// <summary>Marks claimed work acked with a fresh lease; acking acked work again is harmless.</summary>
    public async Task<WorkUpdateStatus> AckAsync(string environmentId, string workId, CancellationToken cancellationToken)
    {
        var now = Now;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var state = await StateAsync(connection, transaction, environmentId, workId, cancellationToken);
            if (state != WorkStates.Claimed)
            {
                return state switch
                {
                    null => WorkUpdateStatus.NotFound,
                    WorkStates.Stopped => WorkUpdateStatus.Stopped,
                    WorkStates.Acked => WorkUpdateStatus.Ok,
                    _ => WorkUpdateStatus.NotAcked,
                };
            }

            await using var ack = connection.Command(
                "UPDATE work_items SET state = 'acked', acked_at = @t, last_heartbeat_at = @t, lease_expires_at = @l, updated_at = @t WHERE id = @w",
                transaction);
            await ack.With("@t", now).With("@l", now + (long)options.LeaseTtl.TotalMilliseconds).With("@w", workId).ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return WorkUpdateStatus.Ok;
        }
    }

    /// <summary>Extends the lease of acked work.</summary>
    public async Task<WorkUpdateStatus> HeartbeatAsync(string environmentId, string workId, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            UPDATE work_items SET last_heartbeat_at = @t, lease_expires_at = @l, updated_at = @t
            WHERE id = @w AND environment_id = @e AND state = 'acked'
            """);
        if (await command.With("@t", now).With("@l", now + (long)options.LeaseTtl.TotalMilliseconds).With("@w", workId).With("@e", environmentId)
            .ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            return WorkUpdateStatus.Ok;
        }

        return await StateAsync(connection, null, environmentId, workId, cancellationToken) switch
        {
            null => WorkUpdateStatus.NotFound,
            WorkStates.Stopped => WorkUpdateStatus.Stopped,
            _ => WorkUpdateStatus.NotAcked,
        };
    }

    /// <summary>Stops one work item of an org's environment; stopping stopped work is harmless.</summary>
    public async Task<WorkUpdateStatus> StopAsync(string orgId, string environmentId, string workId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE work_items SET state = 'stopped', updated_at = @t WHERE id = @w AND environment_id = @e AND org_id = @o");
        return await command.With("@t", Now).With("@w", workId).With("@e", environmentId).With("@o", orgId).ExecuteNonQueryAsync(cancellationToken) > 0
            ? WorkUpdateStatus.Ok
            : WorkUpdateStatus.NotFound;
    }

    /// <summary>Stops every live work item of a session (on archive).</summary>
    public async Task StopSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE work_items SET state = 'stopped', updated_at = @t WHERE session_id = @s AND state <> 'stopped'");
        await command.With("@t", Now).With("@s", sessionId).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the session's live work on the environment and queues a fresh item, in one transaction (a re-dispatch).</summary>
    public async Task<string> RequeueSessionAsync(string orgId, string environmentId, string sessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            await using (var stop = connection.Command(
                "UPDATE work_items SET state = 'stopped', updated_at = @t WHERE session_id = @s AND environment_id = @e AND state <> 'stopped'",
                transaction))
            {
                await stop.With("@t", now).With("@s", sessionId).With("@e", environmentId).ExecuteNonQueryAsync(cancellationToken);
            }

            var id = await InsertQueuedAsync(connection, transaction, orgId, environmentId, sessionId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return id;
        }
    }

    private async Task<string> InsertQueuedAsync(
        DbConnection connection, DbTransaction? transaction, string orgId, string environmentId, string sessionId, long now, CancellationToken cancellationToken)
    {
        var id = "work_" + Ulid.New(timeProvider);
        await using var insert = connection.Command(
            """
            INSERT INTO work_items (id, org_id, environment_id, session_id, type, state, created_at, updated_at)
            VALUES (@id, @o, @e, @s, 'session', 'queued', @t, @t)
            """,
            transaction);
        await insert.With("@id", id).With("@o", orgId).With("@e", environmentId).With("@s", sessionId).With("@t", now).ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    private async Task<string?> StateAsync(
        DbConnection connection, DbTransaction? transaction, string environmentId, string workId, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(
            $"SELECT state FROM work_items WHERE id = @w AND environment_id = @e{(transaction is null ? "" : database.ForUpdate)}", transaction);
        return (string?)await select.With("@w", workId).With("@e", environmentId).ExecuteScalarAsync(cancellationToken);
    }

    private static WorkItemRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetNullableString(3),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
