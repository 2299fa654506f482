using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tether.Server.Store;

/// <summary>
/// Applies the embedded <c>Store/Schema/NNN_name.sql</c> files in order, each in its own transaction, and records them in
/// <c>schema_migrations</c>. On PostgreSQL an advisory lock lets several nodes start at once.
/// </summary>
internal sealed partial class SchemaMigrator(Database database, TimeProvider timeProvider)
{
    private const long PostgresLockKey = 0x7E7E_E7;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == StoreKind.Postgres)
        {
            await using var lockCommand = connection.Command($"SELECT pg_advisory_lock({PostgresLockKey})");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            if (database.Kind == StoreKind.Sqlite)
            {
                // WAL is a property of the file: set once, it lets readers run beside the single writer.
                await using var wal = connection.Command("PRAGMA journal_mode=WAL");
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var create = connection.Command(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = await AppliedVersionsAsync(connection, cancellationToken);
            var known = Embedded.Select(m => m.Version).ToHashSet();
            var unknown = applied.Where(v => !known.Contains(v)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The store has schema version {unknown.Max()}, newer than this build knows ({known.Max()}). Run a newer tether.");
            }

            var count = 0;
            foreach (var migration in Embedded.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var step = connection.Command(migration.Sql, transaction))
                {
                    await step.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = connection.Command(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", transaction))
                {
                    await record.With("@v", (long)migration.Version).With("@n", migration.Name)
                        .With("@t", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                count++;
            }

            return count;
        }
        finally
        {
            if (database.Kind == StoreKind.Postgres)
            {
                await using var unlock = connection.Command($"SELECT pg_advisory_unlock({PostgresLockKey})");
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var versions = new HashSet<int>();
        await using var command = connection.Command("SELECT version FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add((int)reader.GetInt64(0));
        }

        return versions;
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two schema files share version {duplicate.Key}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"\.Store\.Schema\.(?<version>\d{3})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}
