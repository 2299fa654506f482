using Tether.Server.Store;
using Tether.Testing;

namespace Tether.Server.Tests.Postgres;

/// <summary>One private PostgreSQL cluster for every PostgreSQL test; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public async Task<DatabaseTarget> NewDatabaseAsync()
    {
        var name = $"tether_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40];
        var connectionString = await Cluster.CreateDatabaseAsync(name);
        return new DatabaseTarget(StoreKind.Postgres, connectionString, null);
    }
}
