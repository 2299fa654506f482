using System.Data.Common;
using System.Globalization;
using Tether.Protocol.Sessions;
using Tether.Server.Events;
using Tether.Server.Store;

namespace Tether.Server.CodeSessions;

/// <summary>
/// The worker columns of a session: epoch (the registration), reported status, metadata, heartbeats. The session's
/// <c>status</c> follows the worker's report here, so the Sessions API shows what the worker says.
/// </summary>
internal sealed class WorkerStateStore(Database database, TimeProvider timeProvider)
{
    private const string Columns =
        "id, org_id, status, worker_epoch, worker_status, requires_action_details, external_metadata, internal_metadata, last_heartbeat_at";

    /// <summary>The worker state, or null when the session does not exist (in <paramref name="orgId"/>, when given).</summary>
    public async Task<WorkerRow?> GetAsync(string? orgId, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM sessions WHERE id = @id AND (CAST(@o AS TEXT) IS NULL OR org_id = @o)");
        await using var reader = await command.With("@id", sessionId).With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>A new worker registration: bumps the epoch, which fences off every earlier worker of the session.</summary>
    public async Task<(WorkerRow? Row, WorkerWriteStatus Status)> RegisterAsync(
        string? orgId, string sessionId, long? expectedEpoch, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var row = await LockAsync(connection, transaction, orgId, sessionId, cancellationToken);
            if (row is null)
            {
                return (null, WorkerWriteStatus.NotFound);
            }

            if (row.Status == SessionStatuses.Archived)
            {
                return (row, WorkerWriteStatus.Archived);
            }

            if (expectedEpoch is { } expected && expected != row.WorkerEpoch)
            {
                return (row, WorkerWriteStatus.EpochMismatch);
            }

            // The new worker has not said anything yet: it is online from its first heartbeat on.
            await using var update = connection.Command(
                $"UPDATE sessions SET worker_epoch = worker_epoch + 1, last_heartbeat_at = NULL, updated_at = @t WHERE id = @id RETURNING {Columns}",
                transaction);
            WorkerRow bumped;
            await using (var reader = await update.With("@t", Now).With("@id", sessionId).ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                bumped = Read(reader);
            }

            await transaction.CommitAsync(cancellationToken);
            return (bumped, WorkerWriteStatus.Ok);
        }
    }

    /// <summary>Applies a <c>PUT …/worker</c>, moving the session's status to what the worker reports.</summary>
    public async Task<(WorkerStatusChange? Change, WorkerWriteStatus Status, string? Error)> UpdateAsync(
        string sessionId, WorkerUpdate update, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var row = await LockAsync(connection, transaction, null, sessionId, cancellationToken);
            if (row is null)
            {
                return (null, WorkerWriteStatus.NotFound, "Session not found.");
            }

            if (row.Status == SessionStatuses.Archived)
            {
                return (null, WorkerWriteStatus.Archived, "Session is archived.");
            }

            if (row.WorkerEpoch != update.Epoch)
            {
                return (null, WorkerWriteStatus.EpochMismatch, $"worker_epoch {update.Epoch} is not the current epoch; a newer worker took over.");
            }

            var (external, externalError) = MetadataMerge.Apply(row.ExternalMetadata, update.ExternalMetadata, "external_metadata");
            var (@internal, internalError) = MetadataMerge.Apply(row.InternalMetadata, update.InternalMetadata, "internal_metadata");
            if ((externalError ?? internalError) is { } mergeError)
            {
                return (null, WorkerWriteStatus.Invalid, mergeError);
            }

            var workerStatus = update.WorkerStatus ?? row.WorkerStatus;
            var details = update.RequiresActionDetails.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Undefined => row.RequiresActionDetails,
                System.Text.Json.JsonValueKind.Null => null,
                _ => update.RequiresActionDetails.GetRawText(),
            };
            var pending = await CountPendingAsync(connection, transaction, sessionId, cancellationToken);
            var status = SessionStatusRules.ForWorker(workerStatus, row.Status, pending);
            await using var command = connection.Command(
                $"""
                UPDATE sessions SET worker_status = @ws, requires_action_details = @d, external_metadata = @ext, internal_metadata = @int,
                    status = @status, last_heartbeat_at = CASE WHEN @gone = 1 THEN NULL ELSE last_heartbeat_at END, updated_at = @t
                WHERE id = @id RETURNING {Columns}
                """, transaction);
            WorkerRow after;
            await using (var reader = await command.With("@ws", workerStatus).With("@d", details).With("@ext", external).With("@int", @internal)
                .With("@status", status).With("@gone", update.Disconnected ? 1L : 0L).With("@t", Now).With("@id", sessionId)
                .ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                after = Read(reader);
            }

            await transaction.CommitAsync(cancellationToken);
            return (new WorkerStatusChange(after, row.Status, status), WorkerWriteStatus.Ok, null);
        }
    }

    /// <summary>Records a heartbeat of the current epoch; returns its time, or null when the epoch is stale.</summary>
    public async Task<DateTimeOffset?> HeartbeatAsync(string sessionId, long epoch, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE sessions SET last_heartbeat_at = @t WHERE id = @id AND worker_epoch = @e AND status <> 'archived'");
        var updated = await command.With("@t", now.ToUnixTimeMilliseconds()).With("@id", sessionId).With("@e", epoch)
            .ExecuteNonQueryAsync(cancellationToken);
        return updated == 1 ? now : null;
    }

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<WorkerRow?> LockAsync(
        DbConnection connection, DbTransaction transaction, string? orgId, string sessionId, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(
            $"SELECT {Columns} FROM sessions WHERE id = @id AND (CAST(@o AS TEXT) IS NULL OR org_id = @o){database.ForUpdate}", transaction);
        await using var reader = await select.With("@id", sessionId).With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<long> CountPendingAsync(DbConnection connection, DbTransaction transaction, string sessionId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT COUNT(*) FROM pending_actions WHERE session_id = @s AND status = 'pending'", transaction);
        return Convert.ToInt64(await command.With("@s", sessionId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static WorkerRow Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetNullableString(4),
        reader.GetNullableString(5),
        reader.GetNullableString(6),
        reader.GetNullableString(7),
        reader.GetNullableInt64(8) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
}
