using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.Server;
using Tether.Server.Store;

namespace Tether.Testing;

/// <summary>
/// The real server on real Kestrel at 127.0.0.1 with a free port, on a real SQLite file in a temp directory (or a given
/// store). The owner's API token is <see cref="OwnerToken"/>. Restart it on the same data with <see cref="RestartAsync"/>.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private readonly Func<ServerOptions, ServerOptions>? _customize;
    private WebApplication? _app;

    private LoopbackServer(string dataDirectory, TempDirectory? ownedDirectory, DatabaseTarget? database, Func<ServerOptions, ServerOptions>? customize)
    {
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
        Database = database;
        _customize = customize;
    }

    public const string OwnerToken = "tether-test-owner-token";

    public string DataDirectory { get; }

    public DatabaseTarget? Database { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static async Task<LoopbackServer> StartAsync(
        string? dataDirectory = null, DatabaseTarget? database = null, Func<ServerOptions, ServerOptions>? customize = null, int port = 0)
    {
        if (database is null && dataDirectory is null && SharedPostgres.Requested)
        {
            database = await SharedPostgres.NewDatabaseAsync();
        }

        var owned = dataDirectory is null ? new TempDirectory("tether-server") : null;
        var server = new LoopbackServer(dataDirectory ?? owned!.Path, owned, database, customize);
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
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
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
            Urls = [$"http://127.0.0.1:{port}"],
            BootstrapToken = OwnerToken,
        };
        options = _customize?.Invoke(options) ?? options;
        _app = ServerApp.Build(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
        BaseAddress = _app.BoundAddress();
    }
}
