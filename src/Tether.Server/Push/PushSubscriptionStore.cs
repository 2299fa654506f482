using System.Globalization;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Push;

/// <summary>
/// Push subscriptions (<c>push_subscriptions</c>). The endpoint is unique: subscribing it again updates its keys, and a
/// browser that signs in as someone else moves its endpoint to that user, so one device never notifies two people.
/// </summary>
internal sealed class PushSubscriptionStore(Database database, ServerOptions options, TimeProvider timeProvider)
{
    public async Task SaveAsync(string orgId, string userId, string endpoint, string p256dh, string auth, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            await using (var upsert = connection.Command(
                """
                INSERT INTO push_subscriptions (id, org_id, user_id, endpoint, p256dh, auth, created_at, updated_at)
                VALUES (@id, @o, @u, @e, @k, @a, @t, @t)
                ON CONFLICT (endpoint) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id,
                    p256dh = excluded.p256dh, auth = excluded.auth, updated_at = excluded.updated_at
                """, transaction))
            {
                await upsert.With("@id", "psub_" + Ulid.New(timeProvider)).With("@o", orgId).With("@u", userId).With("@e", endpoint)
                    .With("@k", p256dh).With("@a", auth).With("@t", now).ExecuteNonQueryAsync(cancellationToken);
            }

            // Keep the newest few per user: an abandoned browser's endpoint otherwise lingers until its push service says 410.
            await using (var trim = connection.Command(
                """
                DELETE FROM push_subscriptions WHERE org_id = @o AND user_id = @u AND id NOT IN (
                    SELECT id FROM push_subscriptions WHERE org_id = @o AND user_id = @u ORDER BY updated_at DESC, id DESC LIMIT @keep)
                """, transaction))
            {
                await trim.With("@o", orgId).With("@u", userId).With("@keep", (long)options.Push.MaxSubscriptionsPerUser)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Removes the caller's own subscription of this endpoint; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string orgId, string userId, string endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM push_subscriptions WHERE endpoint = @e AND org_id = @o AND user_id = @u");
        return await command.With("@e", endpoint).With("@o", orgId).With("@u", userId).ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Forgets a subscription the push service reported gone (404/410).</summary>
    public async Task DeleteByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM push_subscriptions WHERE id = @id");
        await command.With("@id", id).ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountAsync(string orgId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*) FROM push_subscriptions WHERE org_id = @o AND user_id = @u");
        return Convert.ToInt32(await command.With("@o", orgId).With("@u", userId).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The subscriptions of everyone who may see the session (the rule of <c>SessionAccess</c>): its creator, the org's
    /// owners and admins, and members it is shared with. Only current members of the session's own org qualify.
    /// </summary>
    public async Task<IReadOnlyList<PushSubscriptionRecord>> ForSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT p.id, p.endpoint, p.p256dh, p.auth FROM push_subscriptions p
            JOIN sessions s ON s.id = @s AND s.org_id = p.org_id
            JOIN memberships m ON m.org_id = p.org_id AND m.user_id = p.user_id
            WHERE s.created_by = p.user_id OR m.role IN (@owner, @admin)
               OR EXISTS (SELECT 1 FROM session_shares x WHERE x.session_id = s.id AND x.user_id = p.user_id)
            ORDER BY p.id
            """);
        await using var reader = await command.With("@s", sessionId).With("@owner", Roles.Owner).With("@admin", Roles.Admin)
            .ExecuteReaderAsync(cancellationToken);
        var found = new List<PushSubscriptionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new PushSubscriptionRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return found;
    }
}
