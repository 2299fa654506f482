using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Login;

/// <summary>The <c>web_sessions</c> table: browser sessions behind the <c>tether_session</c> cookie.</summary>
internal sealed class WebSessionStore(Database database, TimeProvider timeProvider, Auth.CredentialWatch watch)
{
    /// <summary>Starts a session; returns the cookie secret (only its hash is stored) and the CSRF token.</summary>
    public async Task<(string Secret, string CsrfToken, DateTimeOffset ExpiresAt)> CreateAsync(string orgId, string userId, CancellationToken cancellationToken)
    {
        var secret = TokenPrefixes.WebSession + SessionIds.RandomToken(32);
        var csrf = SessionIds.RandomToken(32);
        var now = timeProvider.GetUtcNow();
        var expires = now + LoginLifetimes.WebSession;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO web_sessions (id_hash, org_id, user_id, csrf_token, created_at, expires_at) VALUES (@h, @o, @u, @c, @t, @e)");
        await command.With("@h", TokenHasher.Hash(secret)).With("@o", orgId).With("@u", userId).With("@c", csrf)
            .With("@t", now.ToUnixTimeMilliseconds()).With("@e", expires.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
        return (secret, csrf, expires);
    }

    public async Task<WebSessionRecord?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id_hash, org_id, user_id, csrf_token, expires_at, revoked_at FROM web_sessions WHERE id_hash = @h");
        await using var reader = await command.With("@h", TokenHasher.Hash(secret)).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new WebSessionRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.GetNullableInt64(5) is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }

    public async Task RevokeAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, @t) WHERE id_hash = @h");
        await command.With("@t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()).With("@h", idHash).ExecuteNonQueryAsync(cancellationToken);
        watch.Revoke(idHash);
    }
}
