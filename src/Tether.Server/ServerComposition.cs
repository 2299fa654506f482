using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.CodeSessions;
using Tether.Server.Endpoints;
using Tether.Server.Environments;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Orgs;
using Tether.Server.Push;
using Tether.Server.Login;
using Tether.Server.Sessions;
using Tether.Server.Sharing;
using Tether.Server.Store;
using Tether.Server.Store.Postgres;
using Tether.Server.WebApp;

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
        services.AddSingleton<CredentialWatch>();
        services.AddHostedService<CredentialRecheck>();
        services.AddSingleton<OriginPolicy>();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddTetherRateLimiting(options.RateLimits);
        services.AddProblemDetails();

        // Sessions and the event log
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionAccess>();
        services.AddSingleton<SessionGate>();
        services.AddSingleton<ShareStore>();
        services.AddSingleton<EventValidator>();
        services.AddSingleton<EventAppender>();
        services.AddSingleton<EventReader>();
        services.AddSingleton<EventStream>();
        services.AddSingleton<SessionBroadcaster>();
        services.AddSingleton<ServerNode>();
        if (options.ResolveDatabase().Kind == StoreKind.Postgres)
        {
            services.AddSingleton<IEventCommitObserver, PostgresCommitObserver>();
            services.AddHostedService<PostgresEventListener>();
        }
        else
        {
            services.AddSingleton<SqliteCheckpointer>();
            services.AddSingleton<IEventCommitObserver>(sp => sp.GetRequiredService<SqliteCheckpointer>());
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }

        services.AddMetrics();
        services.AddSingleton<EventLogMetrics>();
        services.AddSingleton<EventLog>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLog>());

        // Environments: registration, work dispatch, session ingress
        services.AddSingleton(options.Environments);
        services.AddSingleton<EnvironmentStore>();
        services.AddSingleton<WorkStore>();
        services.AddSingleton<IngressTokenStore>();
        services.AddSingleton<IngressAuthenticator>();
        services.AddSingleton<InProcessWorkSignal>();
        if (options.ResolveDatabase().Kind == StoreKind.Postgres)
        {
            services.AddSingleton<IWorkSignal, PostgresWorkSignal>();
        }
        else
        {
            services.AddSingleton<IWorkSignal>(sp => sp.GetRequiredService<InProcessWorkSignal>());
        }
        services.AddSingleton<WorkPoller>();
        services.AddSingleton<ISessionObserver, EnvironmentSessionObserver>();
        services.AddHostedService<EnvironmentSweeper>();
        // Code sessions (v2 worker protocol) and org settings
        services.AddSingleton<ServerKeyStore>();
        services.AddSingleton<WorkerTokens>();
        services.AddSingleton<WorkerStateStore>();
        services.AddSingleton<WorkerStreamRegistry>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<InternalEventStore>();
        services.AddSingleton<WorkerEventStream>();
        services.AddSingleton<OrgSettingsStore>();

        // Web Push
        services.AddSingleton<VapidKeyStore>();
        services.AddSingleton<PushTargetPolicy>();
        services.AddSingleton<PushSubscriptionStore>();
        services.AddSingleton<PushNotifier>();
        services.AddSingleton<PushSender>();
        services.AddHostedService<PushDispatcher>();
        return services;
    }

    public static WebApplication MapTetherServer(this WebApplication app, ServerOptions options)
    {
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseShutdownAwareRequests();
        app.UseTetherRateLimiting(options.RateLimits);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.WebSocketPingInterval, KeepAliveTimeout = options.WebSocketPongTimeout });
        app.MapHealthEndpoints();
        app.MapSessionEndpoints();
        app.MapSessionEventEndpoints();
        app.MapSubscribeEndpoints();
        app.MapSharingEndpoints();
        app.MapEnvironmentEndpoints();
        app.MapWorkEndpoints();
        app.MapSessionIngressEndpoints();
        app.MapWebApp();
        app.MapCodeSessionEndpoints();
        app.MapGroup("/v1/code/sessions/{id}/worker").RequireWorker().MapWorkerStateEndpoints().MapWorkerEventEndpoints().MapWorkerStreamEndpoints();
        app.MapOrgSettingsEndpoints();
        app.MapDeviceAuthEndpoints();
        app.MapDevicePageEndpoints();
        app.MapWebLoginEndpoints();
        app.MapTokenEndpoints();
        app.MapPushEndpoints();
        return app;
    }
}
