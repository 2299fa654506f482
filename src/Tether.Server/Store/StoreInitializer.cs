using Microsoft.Extensions.Hosting;
using Tether.Server.Accounts;

namespace Tether.Server.Store;

/// <summary>Brings the schema up to date (and bootstraps the owner when asked) before Kestrel accepts the first request.</summary>
internal sealed class StoreInitializer(SchemaMigrator migrator, OwnerBootstrap bootstrap, ServerOptions options, StoreReadiness readiness)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
            if (!string.IsNullOrEmpty(options.BootstrapToken))
            {
                await bootstrap.EnsureOwnerAsync(options.BootstrapToken, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            throw StoreFailures.Explain(ex, options.ResolveDatabase());
        }

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
