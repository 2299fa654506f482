using Tether.Protocol.Ids;
using Tether.Server.Store;

namespace Tether.Server.Accounts;

/// <summary>Creates single-use browser login links; only the code's hash is stored.</summary>
internal sealed class LoginLinkIssuer(Database database, TimeProvider timeProvider)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Returns the secret code; the link is <c>{server}/login/{code}</c>.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> IssueAsync(string orgId, string userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var code = TokenPrefixes.LoginLink + SessionIds.RandomToken(32);
        var now = timeProvider.GetUtcNow();
        var expires = now + lifetime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO login_links (code_hash, org_id, user_id, created_at, expires_at) VALUES (@h, @o, @u, @t, @e)");
        await command.With("@h", TokenHasher.Hash(code)).With("@o", orgId).With("@u", userId).With("@t", now.ToUnixTimeMilliseconds())
            .With("@e", expires.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
        return (code, expires);
    }
}
