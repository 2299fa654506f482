using Tether.Server.Store;

namespace Tether.Testing;

/// <summary>
/// When <c>TETHER_TEST_STORE=postgres</c>, every <see cref="LoopbackServer"/> that is not given a store runs on a fresh
/// database in one private PostgreSQL cluster for the whole test process, so the same tests prove both stores.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresCluster>> s_cluster = new(StartAsync);
    private static int s_databases;

    public static bool Requested => string.Equals(Environment.GetEnvironmentVariable("TETHER_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static async Task<DatabaseTarget> NewDatabaseAsync()
    {
        var cluster = await s_cluster.Value;
        var name = $"t{Interlocked.Increment(ref s_databases)}_{Guid.NewGuid():N}"[..30];
        return new DatabaseTarget(StoreKind.Postgres, await cluster.CreateDatabaseAsync(name), null);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        // The cluster lives as long as the test process; stop it on the way out so no postgres outlives the run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
        return cluster;
    }
}
