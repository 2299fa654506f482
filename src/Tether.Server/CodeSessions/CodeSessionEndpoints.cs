using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tether.Protocol.CodeSessions;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Sessions;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Env-less code sessions (remote-protocol §6): <c>POST /v1/code/sessions</c> creates an ordinary session that a bridge
/// worker drives, and <c>POST /v1/code/sessions/{id}/bridge</c> registers that worker (a new epoch) and mints its JWT.
/// </summary>
internal static class CodeSessionEndpoints
{
    private const int MaxTags = 32;

    public static IEndpointRouteBuilder MapCodeSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/code/sessions", CreateAsync).RequireCaller(Scopes.Write);
        routes.MapPost("/v1/code/sessions/{id}/bridge", BridgeAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, SessionService sessions, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.CreateCodeSessionRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body!.Bridge.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.BadRequest("bridge must be an object (send \"bridge\":{}): env-less code sessions are driven by a bridge worker.");
        }

        if (body.EnvironmentId is not null)
        {
            return ApiErrors.BadRequest("environment_id is not used by env-less code sessions; omit it.");
        }

        if (SessionService.ValidateTitle(body.Title) is { } titleError)
        {
            return ApiErrors.BadRequest(titleError);
        }

        if (body.Tags is { } tags && (tags.Count > MaxTags || tags.Any(t => t is not { Length: > 0 and <= 64 } || t.Any(char.IsControl))))
        {
            return ApiErrors.BadRequest($"tags must be at most {MaxTags} strings of 1 to 64 characters.");
        }

        if (body.Config.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            return ApiErrors.BadRequest("config must be an object.");
        }

        var caller = context.Caller();
        var (session, status, message) = await sessions.CreateAsync(
            new NewSession(caller.OrgId, caller.UserId, body.Title, null, "remote-control", null, SessionContext(body)), null, cancellationToken);
        if (session is null)
        {
            return ApiErrors.Of(status, Protocol.Errors.ErrorTypes.InvalidRequest, message!);
        }

        CodeSessionLog.SessionCreated(loggers.CreateLogger(CodeSessionLog.Category), SessionIds.ToInfra(session.Id));
        using var sessionContext = JsonDocument.Parse(session.SessionContextJson);
        return TypedResults.Json(
            new CodeSessionCreated
            {
                Session = new CodeSessionResource
                {
                    Id = SessionIds.ToInfra(session.Id),
                    CompatId = SessionIds.ToCompat(session.Id),
                    Title = session.Title,
                    SessionStatus = session.Status,
                    WorkerEpoch = session.WorkerEpoch,
                    SessionContext = sessionContext.RootElement.Clone(),
                    CreatedAt = session.CreatedAt,
                    UpdatedAt = session.UpdatedAt,
                },
            },
            CodeSessionJsonContext.Default.CodeSessionCreated);
    }

    private static async Task<IResult> BridgeAsync(
        string id, HttpContext context, WorkerStateStore store, WorkerTokens tokens, WorkerStreamRegistry streams, ServerOptions options,
        TimeProvider timeProvider, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!SessionIdRoute.TryParse(id, out var sessionId, out var routeError))
        {
            return routeError!;
        }

        var request = new BridgeRequest();
        if (context.Request.ContentLength is not 0)
        {
            var (body, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.BridgeRequest, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            request = body!;
        }

        var lifetime = options.WorkerJwtLifetime;
        if (request.ExpiresIn is { } asked)
        {
            if (asked < 1 || asked > (long)options.WorkerJwtLifetime.TotalSeconds)
            {
                return ApiErrors.BadRequest($"expires_in must be from 1 to {(long)options.WorkerJwtLifetime.TotalSeconds} seconds.");
            }

            lifetime = TimeSpan.FromSeconds(asked);
        }

        var caller = context.Caller();
        var (row, status) = await store.RegisterAsync(caller.OrgId, sessionId, request.ExpectedEpoch, cancellationToken);
        switch (status)
        {
            case WorkerWriteStatus.NotFound:
                return ApiErrors.NotFound("Session not found.");
            case WorkerWriteStatus.Archived:
                return WorkerErrors.NotActive();
            case WorkerWriteStatus.EpochMismatch:
                return ApiErrors.Conflict($"expected_epoch {request.ExpectedEpoch} is not the current epoch {row!.WorkerEpoch}.");
        }

        streams.Supersede(sessionId, row!.WorkerEpoch);
        CodeSessionLog.WorkerRegistered(loggers.CreateLogger(CodeSessionLog.Category), SessionIds.ToInfra(sessionId), row.WorkerEpoch, "bridge");
        var (jwt, expires) = await tokens.IssueAsync(sessionId, row.OrgId, row.WorkerEpoch, lifetime, cancellationToken);
        return TypedResults.Json(
            new RemoteCredentials
            {
                WorkerJwt = jwt,
                ApiBaseUrl = ApiBaseUrl(context.Request, options),
                ExpiresIn = Math.Max(0, (long)(expires - timeProvider.GetUtcNow()).TotalSeconds),
                WorkerEpoch = row.WorkerEpoch,
            },
            CodeSessionJsonContext.Default.RemoteCredentials);
    }

    /// <summary>The config's fields (cwd, model, sources …) with the tags, as the session's <c>session_context</c>.</summary>
    private static string SessionContext(CreateCodeSessionRequest body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (body.Config.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in body.Config.EnumerateObject().Where(p => p.Name != "tags"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteStartArray("tags");
            foreach (var tag in body.Tags ?? [])
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ApiBaseUrl(HttpRequest request, ServerOptions options) =>
        options.PublicUrl is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}";
}
