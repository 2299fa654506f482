using Npgsql;
using Tether.Testing;

namespace Tether.Bench.Hosting;

/// <summary>
/// The store a Tether bench server uses, with its durability spelled out. PostgreSQL <c>auto</c> starts a private
/// cluster (Debian's binaries, as the tests do) and turns fsync back on, so its commits are as durable as a real one's.
/// </summary>
internal sealed class StoreSetup : IAsyncDisposable
{
    public const string SqliteDurability =
        "SQLite WAL, synchronous=NORMAL (default): an acked event survives a process crash; the last commits before a power loss or OS crash may be lost (never corruption)";

    public const string PostgresDurability =
        "PostgreSQL, synchronous_commit=on, fsync=on: an acked event survives a process crash and a power loss (WAL flushed before the ack)";

    private readonly PostgresCluster? _cluster;

    private StoreSetup(string kind, string? connectionString, string durability, PostgresCluster? cluster)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Durability = durability;
        _cluster = cluster;
    }

    public string Kind { get; }

    /// <summary>Null for SQLite (in the server's data directory).</summary>
    public string? ConnectionString { get; }

    public string Durability { get; }

    public static StoreSetup Sqlite() => new("sqlite", null, SqliteDurability, null);

    public static async Task<StoreSetup> PostgresAsync(string connectionOrAuto, string databaseName)
    {
        if (connectionOrAuto != "auto")
        {
            return new StoreSetup("postgres", connectionOrAuto, PostgresDurability, null);
        }

        var cluster = await PostgresCluster.StartAsync();
        try
        {
            await using (var connection = new NpgsqlConnection(cluster.ConnectionString() + ";Pooling=false"))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("ALTER SYSTEM SET fsync = on; ", connection);
                await command.ExecuteNonQueryAsync();
                await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
                await reload.ExecuteNonQueryAsync();
            }

            var connectionString = await cluster.CreateDatabaseAsync(databaseName);
            return new StoreSetup("postgres", connectionString + ";Maximum Pool Size=50", PostgresDurability, cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
