using Tether.Server.Store;

namespace Tether.Server.Sharing;

/// <summary>Reads and writes <c>session_shares</c>.</summary>
internal sealed class ShareStore(Database database, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<SessionShare>> ListAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT s.user_id, u.email, s.role, s.granted_by, s.created_at FROM session_shares s
            JOIN users u ON u.id = s.user_id WHERE s.session_id = @s ORDER BY u.email
            """);
        await using var reader = await command.With("@s", sessionId).ExecuteReaderAsync(cancellationToken);
        var shares = new List<SessionShare>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shares.Add(new SessionShare(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return shares;
    }

    /// <summary>The member of <paramref name="orgId"/> with this email or id, or null.</summary>
    public async Task<string?> FindMemberAsync(string orgId, string? email, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = @o
            WHERE u.email = @e OR u.id = @u
            """);
        return (string?)await command.With("@o", orgId).With("@e", email ?? "").With("@u", userId ?? "").ExecuteScalarAsync(cancellationToken);
    }

    public async Task UpsertAsync(string sessionId, string userId, SessionRole role, string grantedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            INSERT INTO session_shares (session_id, user_id, role, granted_by, created_at) VALUES (@s, @u, @r, @g, @t)
            ON CONFLICT (session_id, user_id) DO UPDATE SET role = @r, granted_by = @g
            """);
        await command.With("@s", sessionId).With("@u", userId).With("@r", SessionRoleNames.Of(role)).With("@g", grantedBy)
            .With("@t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM session_shares WHERE session_id = @s AND user_id = @u");
        return await command.With("@s", sessionId).With("@u", userId).ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
