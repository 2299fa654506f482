using System.Data.Common;
using Tether.Protocol.Ids;
using Tether.Protocol.Sessions;
using Tether.Server.Store;

namespace Tether.Server.Sessions;

/// <summary>Session rows. Every read and write is scoped to an org: another org's session does not exist.</summary>
internal sealed class SessionStore(Database database, TimeProvider timeProvider)
{
    private const string Columns =
        "id, org_id, created_by, title, status, environment_id, source, permission_mode, session_context, last_seq, worker_epoch, created_at, updated_at";

    public async Task<SessionRecord> CreateAsync(NewSession session, CancellationToken cancellationToken)
    {
        var id = SessionIds.NewBody(timeProvider);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            INSERT INTO sessions (id, org_id, created_by, title, status, environment_id, source, permission_mode, session_context, created_at, updated_at)
            VALUES (@id, @o, @by, @title, @status, @env, @src, @pm, @ctx, @t, @t)
            RETURNING {Columns}
            """);
        await using var reader = await command.With("@id", id).With("@o", session.OrgId).With("@by", session.CreatedBy).With("@title", session.Title)
            .With("@status", SessionStatuses.Idle).With("@env", session.EnvironmentId).With("@src", session.Source)
            .With("@pm", session.PermissionMode).With("@ctx", session.SessionContextJson).With("@t", now)
            .ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    /// <summary>The session, or null when it does not exist in <paramref name="orgId"/> (null org: any org, for trusted internal callers).</summary>
    public async Task<SessionRecord?> GetAsync(string? orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM sessions WHERE id = @id AND (CAST(@o AS TEXT) IS NULL OR org_id = @o)");
        await using var reader = await command.With("@id", id).With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// The sessions <paramref name="userId"/> may see, newest first: its own, those shared with it, or all of the org's for
    /// owners and admins. <paramref name="afterId"/> is the previous page's last id.
    /// </summary>
    public async Task<(IReadOnlyList<SessionRecord> Items, bool HasMore)> ListAsync(
        string orgId, string userId, string? afterId, int limit, bool includeArchived, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT {Columns} FROM sessions
            WHERE org_id = @o AND (CAST(@after AS TEXT) IS NULL OR id < @after) AND (@archived = 1 OR status <> 'archived')
              AND (created_by = @u
                   OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = @o AND m.user_id = @u AND m.role IN ('owner', 'admin'))
                   OR EXISTS (SELECT 1 FROM session_shares sh WHERE sh.session_id = sessions.id AND sh.user_id = @u))
            ORDER BY id DESC LIMIT @limit
            """);
        await using var reader = await command.With("@o", orgId).With("@u", userId).With("@after", afterId).With("@archived", includeArchived ? 1L : 0L)
            .With("@limit", limit + 1).ExecuteReaderAsync(cancellationToken);
        var items = new List<SessionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        var hasMore = items.Count > limit;
        return (hasMore ? items[..limit] : items, hasMore);
    }

    public async Task<SessionRecord?> RenameAsync(string orgId, string id, string title, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"UPDATE sessions SET title = @title, updated_at = @t WHERE id = @id AND org_id = @o RETURNING {Columns}");
        await using var reader = await command.With("@title", title).With("@t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())
            .With("@id", id).With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Archives the session and expires its open prompts, in one transaction.</summary>
    public async Task<ArchiveOutcome> ArchiveAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            await using var select = connection.Command($"SELECT status FROM sessions WHERE id = @id AND org_id = @o{database.ForUpdate}", transaction);
            var status = (string?)await select.With("@id", id).With("@o", orgId).ExecuteScalarAsync(cancellationToken);
            if (status is null)
            {
                return ArchiveOutcome.NotFound;
            }

            if (status == SessionStatuses.Archived)
            {
                return ArchiveOutcome.AlreadyArchived;
            }

            await using (var update = connection.Command(
                "UPDATE sessions SET status = 'archived', archived_at = @t, updated_at = @t WHERE id = @id", transaction))
            {
                await update.With("@t", now).With("@id", id).ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var expire = connection.Command(
                "UPDATE pending_actions SET status = 'expired', answered_at = @t WHERE session_id = @id AND status = 'pending'", transaction))
            {
                await expire.With("@t", now).With("@id", id).ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return ArchiveOutcome.Archived;
        }
    }

    private static SessionRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        reader.GetString(4),
        reader.GetNullableString(5),
        reader.GetNullableString(6),
        reader.GetNullableString(7),
        reader.GetString(8),
        reader.GetInt64(9),
        reader.GetInt64(10),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)));
}
