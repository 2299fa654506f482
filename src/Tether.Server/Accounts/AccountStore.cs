using System.Data.Common;
using Tether.Protocol.Ids;
using Tether.Server.Store;

namespace Tether.Server.Accounts;

/// <summary>Orgs, users, memberships and API tokens.</summary>
internal sealed class AccountStore(Database database, TimeProvider timeProvider, Auth.CredentialWatch watch)
{
    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<bool> HasAnyOrgAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*) FROM orgs");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async Task<string> CreateOrgAsync(string name, CancellationToken cancellationToken)
    {
        var id = "org_" + Ulid.New(timeProvider);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @t)");
        await command.With("@id", id).With("@name", name).With("@t", Now).ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Creates a user, or returns the existing one with that email.</summary>
    public async Task<string> EnsureUserAsync(string email, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = connection.Command(
            "INSERT INTO users (id, email, name, created_at) VALUES (@id, @email, @name, @t) ON CONFLICT (email) DO NOTHING"))
        {
            await insert.With("@id", "user_" + Ulid.New(timeProvider)).With("@email", email).With("@name", name).With("@t", Now)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = connection.Command("SELECT id FROM users WHERE email = @email");
        return (string)(await select.With("@email", email).ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task AddMembershipAsync(string orgId, string userId, string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (@o, @u, @r, @t) ON CONFLICT (org_id, user_id) DO UPDATE SET role = @r");
        await command.With("@o", orgId).With("@u", userId).With("@r", role).With("@t", Now).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first owner of the oldest org: who <c>tether up</c> signs in as.</summary>
    public async Task<(string OrgId, string UserId)> FindOwnerAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT m.org_id, m.user_id FROM memberships m WHERE m.role = @r ORDER BY m.org_id, m.created_at LIMIT 1");
        await using var reader = await command.With("@r", Roles.Owner).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The store has orgs but no owner; create one with `tether admin`.");
        }

        return (reader.GetString(0), reader.GetString(1));
    }

    public async Task<string?> GetRoleAsync(string orgId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT role FROM memberships WHERE org_id = @o AND user_id = @u");
        return (string?)await command.With("@o", orgId).With("@u", userId).ExecuteScalarAsync(cancellationToken);
    }

    public async Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        await FindUserWhereAsync("id = @v", userId, cancellationToken);

    public async Task<UserRecord?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        await FindUserWhereAsync("email = @v", email, cancellationToken);

    public async Task<IReadOnlyList<OrgRecord>> ListOrgsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, name, created_at FROM orgs ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orgs = new List<OrgRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orgs.Add(new OrgRecord(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return orgs;
    }

    /// <summary>Members of one org, or of every org when <paramref name="orgId"/> is null; users without a membership are not listed.</summary>
    public async Task<IReadOnlyList<MemberRecord>> ListMembersAsync(string? orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT m.org_id, m.user_id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE (CAST(@o AS TEXT) IS NULL OR m.org_id = @o) ORDER BY m.org_id, u.email
            """);
        await using var reader = await command.With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        var members = new List<MemberRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new MemberRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return members;
    }

    /// <summary>A token by id, in any org (the admin CLI's view); endpoints use <see cref="ListTokensAsync"/> scoped to the caller's org.</summary>
    public async Task<TokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, org_id, user_id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE id = @id");
        await using var reader = await command.With("@id", tokenId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
    }

    private async Task<UserRecord?> FindUserWhereAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT id, email, name, created_at FROM users WHERE {condition}");
        await using var reader = await command.With("@v", value).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    }

    /// <summary>Creates a token. <paramref name="secret"/> is normally null (a random one is made); bootstrap passes its own.</summary>
    public async Task<IssuedToken> CreateTokenAsync(
        string orgId, string userId, string name, IEnumerable<string> scopes, TimeSpan? lifetime, CancellationToken cancellationToken,
        string? secret = null)
    {
        var id = "tok_" + Ulid.New(timeProvider);
        secret ??= TokenPrefixes.ApiToken + SessionIds.RandomToken(32);
        var scopeSet = Scopes.Parse(Scopes.Join(scopes));
        DateTimeOffset? expires = lifetime is { } l ? timeProvider.GetUtcNow() + l : null;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            INSERT INTO api_tokens (id, org_id, user_id, name, hash, scopes, created_at, expires_at)
            VALUES (@id, @o, @u, @n, @h, @s, @t, @e)
            """);
        await command.With("@id", id).With("@o", orgId).With("@u", userId).With("@n", name).With("@h", TokenHasher.Hash(secret))
            .With("@s", Scopes.Join(scopeSet)).With("@t", Now).With("@e", expires?.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        return new IssuedToken(id, secret, scopeSet, expires);
    }

    public async Task<TokenRecord?> FindTokenBySecretAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, org_id, user_id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE hash = @h");
        await using var reader = await command.With("@h", TokenHasher.Hash(secret)).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string orgId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, org_id, user_id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE org_id = @o AND (CAST(@u AS TEXT) IS NULL OR user_id = @u) ORDER BY id");
        await using var reader = await command.With("@o", orgId).With("@u", userId).ExecuteReaderAsync(cancellationToken);
        var tokens = new List<TokenRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    /// <summary>Revokes a token of the org; false when there is no such token.</summary>
    public async Task<bool> RevokeTokenAsync(string orgId, string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, @t) WHERE id = @id AND org_id = @o");
        var revoked = await command.With("@t", Now).With("@id", tokenId).With("@o", orgId).ExecuteNonQueryAsync(cancellationToken) > 0;
        if (revoked)
        {
            watch.Revoke(tokenId);
        }

        return revoked;
    }

    /// <summary>False once an API token or browser session was revoked or has expired.</summary>
    public async Task<bool> IsCredentialLiveAsync(string credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT revoked_at, expires_at FROM api_tokens WHERE id = @id
            UNION ALL SELECT revoked_at, expires_at FROM web_sessions WHERE id_hash = @id
            """);
        await using var reader = await command.With("@id", credentialId).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        return reader.IsDBNull(0) && (reader.IsDBNull(1) || reader.GetInt64(1) > Now);
    }

    private static TokenRecord ReadToken(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        Scopes.Parse(reader.GetString(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetNullableInt64(6) is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
        reader.GetNullableInt64(7) is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null);
}
