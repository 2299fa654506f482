using System.Data.Common;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Environments;

/// <summary>Environment rows. Reads and writes are scoped to an org: another org's environment does not exist.</summary>
internal sealed class EnvironmentStore(Database database, TimeProvider timeProvider)
{
    // Claimed or acked session work occupies a slot; what the providers list reports as sessions in use.
    private const string InUse =
        "(SELECT COUNT(*) FROM work_items w WHERE w.environment_id = e.id AND w.type = 'session' AND w.state IN ('claimed', 'acked'))";

    private const string Columns =
        $"e.id, e.org_id, e.machine_name, e.directory, e.branch, e.git_repo_url, e.max_sessions, e.worker_type, e.state, e.last_poll_at, e.created_at, {InUse}";

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<bool> AllowsRemoteControlAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT allow_remote_control FROM orgs WHERE id = @o");
        return await command.With("@o", orgId).ExecuteScalarAsync(cancellationToken) is { } value
            && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Registers an environment and returns its id and a new secret. A reuse id that names an active environment of the
    /// org keeps that id (and its queued work) and replaces the secret; anything else gets a new id.
    /// </summary>
    public async Task<(string Id, string Secret)> RegisterAsync(
        string orgId, string userId, EnvironmentRegistration registration, CancellationToken cancellationToken)
    {
        var secret = TokenPrefixes.EnvironmentSecret + SessionIds.RandomToken(32);
        var hash = TokenHasher.Hash(secret);
        var now = Now;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            if (registration.ReuseId is { } reuseId)
            {
                await using var update = connection.Command(
                    """
                    UPDATE environments SET machine_name = @m, directory = @d, branch = @b, git_repo_url = @g, max_sessions = @max,
                        worker_type = @wt, secret_hash = @h, updated_at = @t
                    WHERE id = @id AND org_id = @o AND state = 'active'
                    """,
                    transaction);
                if (await Bind(update, registration).With("@h", hash).With("@t", now).With("@id", reuseId).With("@o", orgId)
                    .ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return (reuseId, secret);
                }
            }

            var id = "env_" + Ulid.New(timeProvider);
            await using var insert = connection.Command(
                """
                INSERT INTO environments (id, org_id, created_by, machine_name, directory, branch, git_repo_url, max_sessions, worker_type,
                    secret_hash, state, created_at, updated_at)
                VALUES (@id, @o, @u, @m, @d, @b, @g, @max, @wt, @h, 'active', @t, @t)
                """,
                transaction);
            await Bind(insert, registration).With("@id", id).With("@o", orgId).With("@u", userId).With("@h", hash).With("@t", now)
                .ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (id, secret);
        }
    }

    public async Task<EnvironmentRecord?> GetAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM environments e WHERE e.id = @id AND e.org_id = @o");
        await using var reader = await command.With("@id", id).With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The org's environments that are not deregistered, oldest first.</summary>
    public async Task<IReadOnlyList<EnvironmentRecord>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM environments e WHERE e.org_id = @o AND e.state <> 'deregistered' ORDER BY e.id");
        await using var reader = await command.With("@o", orgId).ExecuteReaderAsync(cancellationToken);
        var items = new List<EnvironmentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <summary>Marks the environment deregistered and stops all its work; false when the org has no such environment.</summary>
    public async Task<bool> DeregisterAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        var now = Now;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            await using (var update = connection.Command(
                "UPDATE environments SET state = 'deregistered', updated_at = @t WHERE id = @id AND org_id = @o", transaction))
            {
                if (await update.With("@t", now).With("@id", id).With("@o", orgId).ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }

            await StopAllWorkAsync(connection, transaction, [id], now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>Takes active environments not polled since <paramref name="cutoff"/> offline and stops their work; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ExpireIdleAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var now = Now;
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var ids = new List<string>();
            await using (var select = connection.Command(
                $"SELECT id FROM environments WHERE state = 'active' AND COALESCE(last_poll_at, created_at) < @cutoff{database.ForUpdate}", transaction))
            {
                await using var reader = await select.With("@cutoff", cutoff.ToUnixTimeMilliseconds()).ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                await using var update = connection.Command("UPDATE environments SET state = 'offline', updated_at = @t WHERE id = @id", transaction);
                await update.With("@t", now).With("@id", id).ExecuteNonQueryAsync(cancellationToken);
            }

            await StopAllWorkAsync(connection, transaction, ids, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ids;
        }
    }

    private static async Task StopAllWorkAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<string> environmentIds, long now, CancellationToken cancellationToken)
    {
        foreach (var id in environmentIds)
        {
            await using var stop = connection.Command(
                "UPDATE work_items SET state = 'stopped', updated_at = @t WHERE environment_id = @e AND state <> 'stopped'", transaction);
            await stop.With("@t", now).With("@e", id).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand Bind(DbCommand command, EnvironmentRegistration registration) =>
        command.With("@m", registration.MachineName).With("@d", registration.Directory).With("@b", registration.Branch)
            .With("@g", registration.GitRepoUrl).With("@max", (long)registration.MaxSessions).With("@wt", registration.WorkerType);

    private static EnvironmentRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetNullableString(4),
        reader.GetNullableString(5),
        (int)reader.GetInt64(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.GetNullableInt64(9) is { } polled ? DateTimeOffset.FromUnixTimeMilliseconds(polled) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        (int)reader.GetInt64(11));
}
