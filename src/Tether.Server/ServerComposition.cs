using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tether.Server.Endpoints;
using Tether.Server.Store;

namespace Tether.Server;

/// <summary>Registers the server's services and maps its endpoints; each feature adds its own line here.</summary>
internal static class ServerComposition
{
    public static IServiceCollection AddTetherServer(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(_ => new Database(options.ResolveDatabase()));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<StoreReadiness>();
        services.AddHostedService<StoreInitializer>();
        return services;
    }

    public static WebApplication MapTetherServer(this WebApplication app, ServerOptions options)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.WebSocketPingInterval });
        app.MapHealthEndpoints();
        return app;
    }
}
