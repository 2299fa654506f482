using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Login;

/// <summary>The <c>login_links</c> table: single-use codes that sign a browser in as their user.</summary>
internal sealed class LoginLinkStore(Database database, TimeProvider timeProvider)
{
    /// <summary>Creates a link code for the user; only its hash is stored.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> CreateAsync(string orgId, string userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var code = TokenPrefixes.LoginLink + SessionIds.RandomToken(32);
        var now = timeProvider.GetUtcNow();
        var expires = now + lifetime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO login_links (code_hash, org_id, user_id, created_at, expires_at) VALUES (@h, @o, @u, @t, @e)");
        await command.With("@h", TokenHasher.Hash(code)).With("@o", orgId).With("@u", userId)
            .With("@t", now.ToUnixTimeMilliseconds()).With("@e", expires.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
        return (code, expires);
    }

    /// <summary>Marks an unused, unexpired link used and returns its user; null when it is unknown, used or expired.</summary>
    public async Task<(string OrgId, string UserId)?> RedeemAsync(string code, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        // One conditional UPDATE: two browsers racing on the same link cannot both win.
        await using var command = connection.Command(
            "UPDATE login_links SET used_at = @t WHERE code_hash = @h AND used_at IS NULL AND expires_at > @t RETURNING org_id, user_id");
        await using var reader = await command.With("@t", now).With("@h", TokenHasher.Hash(code)).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }
}
