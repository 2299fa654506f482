using Microsoft.Extensions.Hosting;

namespace Tether.Server.Store;

/// <summary>Brings the schema up to date before Kestrel accepts the first request.</summary>
internal sealed class StoreInitializer(SchemaMigrator migrator, StoreReadiness readiness) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
