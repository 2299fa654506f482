using System.Text.Json;

namespace Tether.Bench.Hosting;

/// <summary>A running bench server the harness drives over loopback.</summary>
internal abstract class BenchServer : IAsyncDisposable
{
    private static readonly HttpClient s_stats = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected BenchServer(ServerSpec spec, Uri baseAddress)
    {
        Spec = spec;
        BaseAddress = baseAddress;
    }

    public ServerSpec Spec { get; }

    public Uri BaseAddress { get; }

    public Uri WebSocketUri(string pathAndQuery) => new($"ws://{BaseAddress.Authority}{pathAndQuery}");

    public static async Task<BenchServer> StartAsync(ServerSpec spec, HostMode mode, CancellationToken cancellationToken) => mode switch
    {
        HostMode.InProcess => await InProcessServer.StartAsync(spec, cancellationToken),
        _ => await ChildProcessServer.StartAsync(spec, cancellationToken),
    };

    /// <summary>The server's counters; with <paramref name="collect"/> after a full compacting GC.</summary>
    public async Task<ServerStats> StatsAsync(bool collect, CancellationToken cancellationToken)
    {
        var json = await s_stats.GetStringAsync(new Uri(BaseAddress, ServeHost.StatsPath + (collect ? "?gc=1" : "")), cancellationToken);
        return JsonSerializer.Deserialize(json, BenchJsonContext.Default.ServerStats)!;
    }

    public abstract ValueTask DisposeAsync();
}
