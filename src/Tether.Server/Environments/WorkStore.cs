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
            string orgId;
            long maxSessions;
            await using (var select = connection.Command(
                $"SELECT org_id, secret_hash, state, max_sessions FROM environments WHERE id = @e{database.ForUpdate}", transaction))
            {
                await using var reader = await select.With("@e", environmentId).ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return ClaimOutcome.Gone;
                }

                if (!string.Equals(reader.GetString(1), secretHash, StringComparison.Ordinal))
                {
                    return ClaimOutcome.BadSecret;
                }

                if (reader.GetString(2) != EnvironmentStates.Active)
                {
                    return ClaimOutcome.Gone;
                }

                orgId = reader.GetString(0);
                maxSessions = reader.GetInt64(3);
            }

            await using (var touch = connection.Command("UPDATE environments SET last_poll_at = @t WHERE id = @e", transaction))
            {
                await touch.With("@t", now).With("@e", environmentId).ExecuteNonQueryAsync(cancellationToken);
            }

            long inUse;
            await using (var count = connection.Command(
                """
                SELECT COUNT(*) FROM work_items WHERE environment_id = @e AND type = 'session'
                    AND (state = 'acked' OR (state = 'claimed' AND claimed_at > @rb))
                """,
                transaction))
            {
                inUse = Convert.ToInt64(await count.With("@e", environmentId).With("@rb", reclaimBefore).ExecuteScalarAsync(cancellationToken),
                    System.Globalization.CultureInfo.InvariantCulture);
            }

            WorkItemRecord? item;
            await using (var next = connection.Command(
                $"""
                SELECT {Columns} FROM work_items
                WHERE environment_id = @e AND (state = 'queued' OR (state = 'claimed' AND claimed_at <= @rb)) AND (@room = 1 OR type <> 'session')
                ORDER BY created_at, id LIMIT 1{database.ForUpdateSkipLocked}
                """,
                transaction))
            {
                await using var reader = await next.With("@e", environmentId).With("@rb", reclaimBefore).With("@room", inUse < maxSessions ? 1L : 0L)
                    .ExecuteReaderAsync(cancellationToken);
                item = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
            }

            if (item is null)
            {
                await transaction.CommitAsync(cancellationToken);
                return ClaimOutcome.NoWork;
            }

            var tokenId = "sit_" + Ulid.New(timeProvider);
            var token = TokenPrefixes.SessionIngress + SessionIds.RandomToken(32);
            // Every claim, a re-dispatch included, mints a new token with a full lifetime; earlier tokens of the session
            // stay valid until their own expiry, so a bridge switching over has no gap.
            var expiresAt = now + (long)options.IngressTokenLifetime.TotalMilliseconds;
            await using (var insert = connection.Command(
                """
                INSERT INTO session_ingress_tokens (id, hash, org_id, session_id, environment_id, work_id, created_at, expires_at)
                VALUES (@id, @h, @o, @s, @e, @w, @t, @x)
                """,
                transaction))
            {
                await insert.With("@id", tokenId).With("@h", TokenHasher.Hash(token)).With("@o", orgId).With("@s", item.SessionId)
                    .With("@e", environmentId).With("@w", item.Id).With("@t", now)
                    .With("@x", expiresAt).ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var claim = connection.Command(
                "UPDATE work_items SET state = 'claimed', claimed_at = @t, ingress_token_id = @tid, updated_at = @t WHERE id = @w", transaction))
            {
                await claim.With("@t", now).With("@tid", tokenId).With("@w", item.Id).ExecuteNonQueryAsync(cancellationToken);
            }

            string? permissionMode = null;
            string? sessionContext = null;
            if (item.SessionId is { } sessionId)
            {
                await using var session = connection.Command("SELECT permission_mode, session_context FROM sessions WHERE id = @s", transaction);
                await using var reader = await session.With("@s", sessionId).ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    permissionMode = reader.GetNullableString(0);
                    sessionContext = reader.GetString(1);
                }
            }

            // Read inside the claim so the transport follows the setting at the moment the work is handed out.
            bool useCodeSessions;
            await using (var org = connection.Command("SELECT use_code_sessions FROM orgs WHERE id = @o", transaction))
            {
                useCodeSessions = await org.With("@o", orgId).ExecuteScalarAsync(cancellationToken) is long flag && flag != 0;
            }

            await transaction.CommitAsync(cancellationToken);
            return new ClaimOutcome(ClaimStatus.Claimed,
                new ClaimedWork(item with { State = WorkStates.Claimed }, token, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt), permissionMode, sessionContext, useCodeSessions));
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
