using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.Client.Http;
using Tether.Server;
using Tether.Server.Store;

namespace Tether.Testing;

/// <summary>
/// The real server on real Kestrel at 127.0.0.1 with a free port, on a real SQLite file in a temp directory (or a given
/// store). The owner's API token is <see cref="OwnerToken"/>. Restart it on the same data with <see cref="RestartAsync"/>.
/// With <see cref="LoopbackTls"/> it serves HTTPS only, with that certificate.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private readonly Func<ServerOptions, ServerOptions>? _customize;
    private readonly LoopbackTls? _tls;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _app;

    private LoopbackServer(
        string dataDirectory, TempDirectory? ownedDirectory, DatabaseTarget? database, Func<ServerOptions, ServerOptions>? customize,
        LoopbackTls? tls, Action<WebApplicationBuilder>? configure)
    {
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
        Database = database;
        _customize = customize;
        _tls = tls;
        _configure = configure;
    }

    public const string OwnerToken = "tether-test-owner-token";

    public string DataDirectory { get; }

    public DatabaseTarget? Database { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <param name="dataDirectory">The data directory; null uses a temp directory removed on dispose.</param>
    /// <param name="database">The store; null uses SQLite in the data directory (or the shared PostgreSQL when requested).</param>
    /// <param name="customize">Changes to the server options.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="tls">Serve HTTPS with this certificate instead of HTTP.</param>
    /// <param name="configure">Extra host configuration (services, Kestrel), applied after the server's own.</param>
    public static async Task<LoopbackServer> StartAsync(
        string? dataDirectory = null, DatabaseTarget? database = null, Func<ServerOptions, ServerOptions>? customize = null, int port = 0,
        LoopbackTls? tls = null, Action<WebApplicationBuilder>? configure = null)
    {
        if (database is null && dataDirectory is null && SharedPostgres.Requested)
        {
            database = await SharedPostgres.NewDatabaseAsync();
        }

        var owned = dataDirectory is null ? new TempDirectory("tether-server") : null;
        var server = new LoopbackServer(dataDirectory ?? owned!.Path, owned, database, customize, tls, configure);
        try
        {
            await server.StartAppAsync(port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the app and starts a new one on the same data and the same port.</summary>
    public async Task RestartAsync()
    {
        var port = BaseAddress.Port;
        await StopAsync();
        await StartAppAsync(port);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public HttpClient CreateClient(string? token = OwnerToken)
    {
        var client = _tls is null
            ? new HttpClient()
            : new HttpClient(OutboundHttp.CreateHandler(new X509Certificate2Collection(_tls.TrustedRoot)), disposeHandler: true);
        client.BaseAddress = BaseAddress;
        client.Timeout = TimeSpan.FromSeconds(30);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public T GetRequiredService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedDirectory?.Dispose();
    }

    private async Task StartAppAsync(int port)
    {
        var options = new ServerOptions
        {
            DataDirectory = DataDirectory,
            Database = Database,
            Urls = [$"{(_tls is null ? "http" : "https")}://127.0.0.1:{port}"],
            BootstrapToken = OwnerToken,
        };
        options = _customize?.Invoke(options) ?? options;
        _app = ServerApp.Build(options, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (_tls is { } tls)
            {
                // The server's slim host leaves out HTTPS endpoint support; tests add it with their own certificate.
                builder.WebHost.UseKestrelHttpsConfiguration();
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls.ServerCertificate));
            }

            _configure?.Invoke(builder);
        });
        await _app.StartAsync();
        BaseAddress = _app.BoundAddress();
    }
}
