using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Tether.Protocol.Json;
using Tether.Server.Auth;
using Tether.Server.Endpoints;
using Tether.Server.Events;
using Tether.Server.Http;
using Tether.Server.Sessions;
using Tether.Server.Streaming;

namespace Tether.Server.Environments;

/// <summary>
/// Session ingress v1 (remote-protocol §4): the worker posts its events over HTTP and reads what people send (prompts,
/// answers, control requests) over a WebSocket, where it may also write. Worker-side writes are appended as worker events.
/// </summary>
internal static class SessionIngressEndpoints
{
    private const string LastRequestIdHeader = "X-Last-Request-Id";

    public static IEndpointRouteBuilder MapSessionIngressEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/session_ingress/session/{id}/events", PostAsync);
        routes.MapGet("/v1/session_ingress/ws/{id}", SocketAsync).WithMetadata(EndsOnShutdownItself.Instance);
        routes.MapGet("/v2/session_ingress/ws/{id}", SocketAsync).WithMetadata(EndsOnShutdownItself.Instance);
        return routes;
    }

    private static async Task<IResult> PostAsync(
        string id, HttpContext context, IngressAuthenticator authenticator, EventValidator validator, EventLog log, CancellationToken cancellationToken)
    {
        if (!SessionIdRoute.TryParse(id, out var sessionId, out var error))
        {
            return error!;
        }

        var (principal, failure) = await authenticator.AuthenticateSessionAsync(context, sessionId, cancellationToken);
        if (principal is null)
        {
            return failure!.ToHttp();
        }

        var (request, bodyError) = await JsonBody.ReadAsync(context.Request, TetherJsonContext.Default.EventsRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var validation = validator.Validate(request!.Events, EventSource.Worker);
        if (validation.Error is not null)
        {
            return validation.Status == 413 ? ApiErrors.TooLarge(validation.Error) : ApiErrors.BadRequest(validation.Error);
        }

        var result = await log.AppendAsync(new AppendRequest(sessionId, principal.OrgId, EventSource.Worker, validation.Events!, principal.Actor), cancellationToken);
        return AppendResults.ToHttp(result);
    }

    private static async Task<IResult> SocketAsync(
        string id,
        HttpContext context,
        OriginPolicy origins,
        IngressAuthenticator authenticator,
        IngressTokenStore tokens,
        SessionStore sessions,
        EventStream stream,
        EventValidator validator,
        EventLog log,
        ServerOptions options,
        CredentialWatch watch,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiErrors.BadRequest("This endpoint needs a WebSocket upgrade.");
        }

        if (!origins.IsAllowed(context.Request))
        {
            return ApiErrors.Forbidden("Cross-origin WebSocket refused.");
        }

        // Non-short-circuit '&': both parses run, so both out values are assigned whatever the first returns.
        var handshakeValid = SessionIdRoute.TryParse(id, out var sessionId, out _) & SubscribeEndpoints.TryResumePoint(context.Request, out var fromSeq);
        var (principal, _) = handshakeValid ? await authenticator.AuthenticateSessionAsync(context, sessionId, cancellationToken) : (null, null);
        var session = principal is null ? null : await sessions.GetAsync(principal.OrgId, sessionId, cancellationToken);
        var live = session is not null && !SessionService.IsArchived(session);
        if (live && context.Request.Headers.ContainsKey(LastRequestIdHeader)
            && await tokens.LastWorkerUuidAsync(sessionId, cancellationToken) is { } lastUuid)
        {
            // Lets a reconnecting worker drop what the server already stored and re-send only the rest (§4.3).
            context.Response.Headers["x-last-request-id"] = lastUuid;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (!handshakeValid)
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.ProtocolError, "invalid session id or from_sequence_num", timeProvider);
            return TypedResults.Empty;
        }

        if (principal is null)
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.Unauthorized, "unauthorized", timeProvider);
            return TypedResults.Empty;
        }

        if (!live)
        {
            await EventSocketRelay.RejectAsync(socket, CloseCodes.NotFound, "session not found or archived", timeProvider);
            return TypedResults.Empty;
        }

        async Task<string?> OnInboundAsync(JsonElement message, CancellationToken ct)
        {
            var validation = validator.Validate([message], EventSource.Worker);
            if (validation.Error is not null)
            {
                return validation.Error;
            }

            var result = await log.AppendAsync(new AppendRequest(sessionId, principal.OrgId, EventSource.Worker, validation.Events!, principal.Actor), ct);
            return result.Status == AppendStatus.Ok ? null : result.Message;
        }

        // The socket lives no longer than the credential it was opened with: an ingress token until its expiry (the bridge
        // reconnects with the newer token it was given meanwhile), a user token until it is revoked or expires.
        // A principal holds one credential or the other, so one token source at most per socket.
        using var lease = principal.UserCredentialId is { } credentialId ? watch.Watch(credentialId) : null;
        using var expiry = principal.IngressTokenExpiresAt is { } expiresAt
            ? new CancellationTokenSource(Max(expiresAt - timeProvider.GetUtcNow(), TimeSpan.Zero), timeProvider)
            : null;
        var credentialEnded = lease?.Revoked ?? expiry?.Token ?? CancellationToken.None;
        var relay = new EventSocketRelay(socket, options.MaxEventBytes, timeProvider);
        await relay.RunAsync(
            stop => ClientEvents(stream.ReadAsync(sessionId, fromSeq, stop)), OnInboundAsync, cancellationToken, lifetime.ApplicationStopping, credentialEnded,
            lease is null ? "session ingress token expired" : "credential revoked");
        return TypedResults.Empty;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>What the worker must act on: stored events people sent (its own events and status updates are not echoed).</summary>
    private static async IAsyncEnumerable<StoredEvent> ClientEvents(IAsyncEnumerable<StoredEvent> events)
    {
        await foreach (var stored in events)
        {
            if (stored.Source == EventSource.Client && !stored.IsEphemeral)
            {
                yield return stored;
            }
        }
    }
}
