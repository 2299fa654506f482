using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Endpoints;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Login;
using Tether.Server.Sessions;
using Tether.Server.Store;

namespace Tether.Server;

/// <summary>Registers the server's services and maps its endpoints; each feature adds its own lines here.</summary>
internal static class ServerComposition
{
    public static IServiceCollection AddTetherServer(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);

        // Store
        services.AddSingleton(_ => new Database(options.ResolveDatabase()));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<StoreReadiness>();
        services.AddHostedService<StoreInitializer>();

        // Accounts and authentication
        services.AddSingleton<AccountStore>();
        services.AddSingleton<OwnerBootstrap>();
        services.AddSingleton<ICallerAuthenticator, BearerTokenAuthenticator>();
        services.AddSingleton<AuthAudit>();
        services.AddSingleton<CookieSessionAuthenticator>();
        services.AddSingleton<ICallerAuthenticator>(sp => sp.GetRequiredService<CookieSessionAuthenticator>());
        services.AddSingleton<DeviceCodeStore>();
        services.AddSingleton<LoginLinkStore>();
        services.AddSingleton<WebSessionStore>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<OriginPolicy>();

        // Sessions and the event log
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<EventValidator>();
        services.AddSingleton<EventAppender>();
        services.AddSingleton<EventReader>();
        services.AddSingleton<EventStream>();
        services.AddSingleton<SessionBroadcaster>();
        services.AddSingleton<IEventCommitObserver, NoCommitObserver>();
        services.AddSingleton<EventLog>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLog>());
        return services;
    }

    public static WebApplication MapTetherServer(this WebApplication app, ServerOptions options)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.WebSocketPingInterval });
        app.MapHealthEndpoints();
        app.MapSessionEndpoints();
        app.MapSessionEventEndpoints();
        app.MapSubscribeEndpoints();
        app.MapDeviceAuthEndpoints();
        app.MapDevicePageEndpoints();
        app.MapWebLoginEndpoints();
        app.MapTokenEndpoints();
        return app;
    }
}
