using Microsoft.AspNetCore.Builder;
using Tether.Server;

namespace Tether.Bench.Hosting;

/// <summary>A bench server inside the harness's own process (its stats then include the harness).</summary>
internal sealed class InProcessServer(ServerSpec spec, WebApplication app) : BenchServer(spec, app.BoundAddress())
{
    public static async Task<InProcessServer> StartAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        var app = await ServeHost.StartAsync(spec, cancellationToken);
        return new InProcessServer(spec, app);
    }

    public override async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }
}
