using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Sessions;
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
        routes.MapGet("/v1/sessions/ws/{id}/subscribe", SubscribeAsync);
        routes.MapGet("/v1/sessions/{id}/stream", StreamAsync).RequireCaller(Scopes.Read);
        return routes;
    }

    private static async Task<IResult> SubscribeAsync(
        string id,
        HttpContext context,
        OriginPolicy origins,
        RequestAuthenticator authenticator,
        SessionStore store,
        EventStream stream,
        EventValidator validator,
        EventLog log,
        ServerOptions options,
        IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        // Live subscriptions end when the server stops (close 1001, clients resume), instead of holding shutdown open.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiErrors.BadRequest("This endpoint needs a WebSocket upgrade.");
        }

        if (!origins.IsAllowed(context.Request))
        {
            return ApiErrors.Forbidden("Cross-origin WebSocket refused.");
        }

        if (!TryResumePoint(context.Request, out var fromSeq))
        {
            return ApiErrors.BadRequest("from_sequence_num must be a whole number ≥ 0.");
        }

        var outcome = await authenticator.AuthenticateAsync(context, cancellationToken);
        // A browser that sent its token as a subprotocol needs one protocol echoed back, or it drops the connection.
        var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(BearerToken.WebSocketProtocol) ? BearerToken.WebSocketProtocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        if (outcome.Caller is not { } caller || !caller.Has(Scopes.Read))
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.Unauthorized, "unauthorized");
            return TypedResults.Empty;
        }

        if (!SessionIdRoute.TryParse(id, out var body, out _) || await store.GetAsync(caller.OrgId, body, cancellationToken) is null)
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.NotFound, "session not found");
            return TypedResults.Empty;
        }

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

            var result = await log.AppendAsync(new AppendRequest(body, caller.OrgId, EventSource.Client, validation.Events!, caller.UserId), ct);
            return result.Status == AppendStatus.Ok ? null : result.Message;
        }

        var relay = new EventSocketRelay(socket, options.MaxEventBytes);
        await relay.RunAsync(stream.ReadAsync(body, fromSeq, cancellationToken), OnInboundAsync, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<IResult> StreamAsync(
        string id, HttpContext context, SessionStore store, EventStream stream, ServerOptions options, TimeProvider timeProvider,
        IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        if (!SessionIdRoute.TryParse(id, out var body, out var error))
        {
            return error!;
        }

        if (!TryResumePoint(context.Request, out var fromSeq))
        {
            return ApiErrors.BadRequest("from_sequence_num and Last-Event-ID must be whole numbers ≥ 0.");
        }

        if (await store.GetAsync(context.Caller().OrgId, body, cancellationToken) is null)
        {
            return ApiErrors.NotFound("Session not found.");
        }

        await SseWriter.WriteAsync(context.Response, stream.ReadAsync(body, fromSeq, cancellationToken), options.SseKeepAliveInterval, timeProvider, eventName: null, cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary><c>Last-Event-ID</c> wins over <c>from_sequence_num</c>; absent means from the start.</summary>
    public static bool TryResumePoint(HttpRequest request, out long fromSeq)
    {
        fromSeq = 0;
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            value = request.Query["from_sequence_num"].ToString();
        }

        return value.Length == 0 || long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out fromSeq);
    }
}
