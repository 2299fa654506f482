using System.Buffers.Text;
using System.Security.Cryptography;
using Tether.Server.Store;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Server secrets kept in the store (<c>server_keys</c>), created on first use. Every node of a PostgreSQL deployment
/// reads the same row, so a JWT minted by one node verifies on all of them.
/// </summary>
internal sealed class ServerKeyStore(Database database, TimeProvider timeProvider)
{
    public Task<byte[]> GetOrCreateAsync(string id, int bytes, CancellationToken cancellationToken) =>
        GetOrCreateAsync(id, () => RandomNumberGenerator.GetBytes(bytes), cancellationToken);

    /// <summary>As above, for a secret with structure (a private key): <paramref name="create"/> makes the candidate this node offers.</summary>
    public async Task<byte[]> GetOrCreateAsync(string id, Func<byte[]> create, CancellationToken cancellationToken)
    {
        var candidate = Base64Url.EncodeToString(create());
        await using var connection = await database.OpenAsync(cancellationToken);
        // Two nodes racing both insert; ON CONFLICT keeps the first, and both read that one back.
        await using (var insert = connection.Command("INSERT INTO server_keys (id, secret, created_at) VALUES (@id, @s, @t) ON CONFLICT DO NOTHING"))
        {
            await insert.With("@id", id).With("@s", candidate).With("@t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = connection.Command("SELECT secret FROM server_keys WHERE id = @id");
        var stored = (string)(await select.With("@id", id).ExecuteScalarAsync(cancellationToken))!;
        return Base64Url.DecodeFromChars(stored);
    }
}
