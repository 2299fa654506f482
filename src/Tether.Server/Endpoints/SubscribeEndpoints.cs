using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Sessions;
using Tether.Server.Sharing;
using Tether.Server.Streaming;

namespace Tether.Server.Endpoints;

/// <summary>
/// Live subscriptions for viewers: WebSocket <c>/v1/sessions/ws/{id}/subscribe</c> (remote-protocol §10) and its SSE
/// twin <c>/v1/sessions/{id}/stream</c>. Both replay from the store after the resume point, then stream live.
/// </summary>
internal static class SubscribeEndpoints
{
    public static IEndpointRouteBuilder MapSubscribeEndpoints(this IEndpointRouteBuilder routes)
    {
        // A viewer's socket lives for hours. As a plain request delegate with its singletons taken from the root
        // provider, it keeps no request service scope and no result-executing frame alive beside it.
        var services = routes.ServiceProvider;
        routes.MapGet("/v1/sessions/ws/{id}/subscribe", (RequestDelegate)(context => SubscribeAsync(context, services)))
            .WithMetadata(EndsOnShutdownItself.Instance);
        routes.MapGet("/v1/sessions/{id}/stream", StreamAsync).RequireCaller(Scopes.Read);
        return routes;
    }

    private static Task SubscribeAsync(HttpContext context, IServiceProvider services)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiErrors.BadRequest("This endpoint needs a WebSocket upgrade.").ExecuteAsync(context);
        }

        if (!services.GetRequiredService<OriginPolicy>().IsAllowed(context.Request))
        {
            return ApiErrors.Forbidden("Cross-origin WebSocket refused.").ExecuteAsync(context);
        }

        if (!TryResumePoint(context.Request, out var fromSeq))
        {
            return ApiErrors.BadRequest("from_sequence_num must be a whole number ≥ 0.").ExecuteAsync(context);
        }

        return RelayAsync((string)context.Request.RouteValues["id"]!, fromSeq, context, services);
    }

    private static async Task RelayAsync(string id, long fromSeq, HttpContext context, IServiceProvider services)
    {
        var cancellationToken = context.RequestAborted;
        var timeProvider = services.GetRequiredService<TimeProvider>();
        // Not cached in HttpContext.Items: nothing else in this request reads the caller, and the items dictionary
        // would live as long as the socket.
        var caller = (await services.GetRequiredService<RequestAuthenticator>().AuthenticateUncachedAsync(context, cancellationToken)).Caller;
        // A browser that sent its token as a subprotocol needs one protocol echoed back, or it drops the connection.
        var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(BearerToken.WebSocketProtocol) ? BearerToken.WebSocketProtocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        if (caller is null || !caller.Has(Scopes.Read))
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.Unauthorized, "unauthorized", timeProvider);
            return;
        }

        var session = SessionIdRoute.TryParse(id, out var body, out _) ? await services.GetRequiredService<SessionStore>().GetAsync(caller.OrgId, body, cancellationToken) : null;
        var role = session is null ? SessionRole.None : await services.GetRequiredService<SessionAccess>().RoleAsync(caller, session, cancellationToken);
        if (role == SessionRole.None)
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.NotFound, "session not found", timeProvider);
            return;
        }

        var validator = services.GetRequiredService<EventValidator>();
        var log = services.GetRequiredService<EventLog>();
        async Task<string?> OnInboundAsync(JsonElement message, CancellationToken ct)
        {
            if (!caller.Has(Scopes.Write))
            {
                return "This credential is read-only.";
            }

            var validation = validator.Validate([message], EventSource.Client);
            if (validation.Error is not null)
            {
                return validation.Error;
            }

            var needed = SessionAccess.Required(validation.Events!);
            if (role < needed)
            {
                return SessionGate.Refusal(role, needed);
            }

            var result = await log.AppendAsync(new AppendRequest(body, caller.OrgId, EventSource.Client, validation.Events!, caller.UserId), ct);
            return result.Status == AppendStatus.Ok ? null : result.Message;
        }

        var stream = services.GetRequiredService<EventStream>();
        using var lease = services.GetRequiredService<CredentialWatch>().Watch(caller.CredentialId);
        var relay = new EventSocketRelay(socket, services.GetRequiredService<ServerOptions>().MaxEventBytes, timeProvider);
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await relay.RunAsync(stop => stream.ReadAsync(body, fromSeq, stop), OnInboundAsync, cancellationToken, stopping, lease.Revoked);
    }

    private static async Task<IResult> StreamAsync(
        string id, HttpContext context, SessionGate gate, EventStream stream, ServerOptions options, TimeProvider timeProvider,
        CredentialWatch watch, CancellationToken cancellationToken)
    {
        var (session, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Viewer, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!TryResumePoint(context.Request, out var fromSeq))
        {
            return ApiErrors.BadRequest("from_sequence_num and Last-Event-ID must be whole numbers ≥ 0.");
        }

        using var lease = watch.Watch(context.Caller().CredentialId);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Revoked);
        try
        {
            await SseWriter.WriteAsync(context.Response, stream.ReadAsync(session!.Id, fromSeq, streaming.Token), options.SseKeepAliveInterval, timeProvider, eventName: null, streaming.Token);
        }
        catch (OperationCanceledException) when (lease.Revoked.IsCancellationRequested)
        {
            // The credential was revoked: ending the response is the whole answer.
        }
        return TypedResults.Empty;
    }

    /// <summary><c>Last-Event-ID</c> wins over <c>from_sequence_num</c>; absent means from the start.</summary>
    public static bool TryResumePoint(HttpRequest request, out long fromSeq)
    {
        fromSeq = 0;
        var value = request.Headers["Last-Event-ID"].ToString();
        // QueryString first: reading Query without one would still allocate a query feature a viewer keeps for hours.
        if (value.Length == 0 && request.QueryString.HasValue)
        {
            value = request.Query["from_sequence_num"].ToString();
        }

        return value.Length == 0 || long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out fromSeq);
    }
}
