using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Environments;

/// <summary>Looks up session ingress tokens by secret (only hashes are stored).</summary>
internal sealed class IngressTokenStore(Database database)
{
    public async Task<IngressToken?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, org_id, session_id, environment_id, work_id, expires_at FROM session_ingress_tokens WHERE hash = @h");
        await using var reader = await command.With("@h", TokenHasher.Hash(secret)).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IngressToken(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetNullableString(2),
                reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)))
            : null;
    }

    /// <summary>The uuid of the newest event the worker side stored in the session: the replay point a reconnecting worker is told.</summary>
    public async Task<string?> LastWorkerUuidAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT uuid FROM events WHERE session_id = @s AND source = 'worker' AND uuid IS NOT NULL ORDER BY seq DESC LIMIT 1");
        return (string?)await command.With("@s", sessionId).ExecuteScalarAsync(cancellationToken);
    }
}
