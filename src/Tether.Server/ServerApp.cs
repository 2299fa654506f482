using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.Protocol.Json;
using Tether.Server.Endpoints;
using Tether.Server.Store;

namespace Tether.Server;

/// <summary>Builds the Tether server application. Tests and the CLI call the same code.</summary>
public static class ServerApp
{
    /// <summary>Creates the app; call <c>StartAsync</c> or <c>RunAsync</c> on the result.</summary>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreStartupException($"Cannot create the data directory {options.DataDirectory}: {ex.Message}", ex);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, TetherJsonContext.Default);
        });
        // The hosting layer's per-request log scope and Activity exist only for its request start/finish lines (information
        // level, below what the server logs) and for tracing listeners (which still get their Activity). Off, every
        // long-lived request (subscribed viewer, parked poll) holds about 0.3 KB less.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddTetherServer(options);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapTetherServer(options);
        return app;
    }

    /// <summary>The first address Kestrel bound (useful with port 0).</summary>
    public static Uri BoundAddress(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
