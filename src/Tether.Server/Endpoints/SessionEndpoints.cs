using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Ids;
using Tether.Protocol.Json;
using Tether.Protocol.Sessions;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Sessions;
using Tether.Server.Sharing;

namespace Tether.Server.Endpoints;

/// <summary>The Sessions API: create, list, get, rename, archive (remote-protocol §3.3, §12).</summary>
internal static class SessionEndpoints
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/v1/sessions");
        sessions.MapPost("", CreateAsync).RequireCaller(Scopes.Write);
        sessions.MapGet("", ListAsync).RequireCaller(Scopes.Read);
        sessions.MapGet("/{id}", GetAsync).RequireCaller(Scopes.Read);
        sessions.MapPatch("/{id}", RenameAsync).RequireCaller(Scopes.Write);
        sessions.MapPost("/{id}/archive", ArchiveAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, TetherJsonContext.Default.CreateSessionRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (SessionService.ValidateTitle(body!.Title) is { } titleError)
        {
            return ApiErrors.BadRequest(titleError);
        }

        if (body.EnvironmentId is { } env && !PathSafeId.IsValid(env))
        {
            return ApiErrors.BadRequest("environment_id must match ^[A-Za-z0-9_-]+$.");
        }

        if (body.SessionContext is { } sessionContext && sessionContext.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return ApiErrors.BadRequest("session_context must be an object.");
        }

        var caller = context.Caller();
        var contextJson = body.SessionContext is { ValueKind: JsonValueKind.Object } given ? given.GetRawText() : "{}";
        var (session, status, message) = await sessions.CreateAsync(
            new NewSession(caller.OrgId, caller.UserId, body.Title, body.EnvironmentId, body.Source ?? "api", body.PermissionMode, contextJson),
            body.Events,
            cancellationToken);
        return session is null
            ? ApiErrors.Of(status, status == 413 ? Protocol.Errors.ErrorTypes.TooLarge : Protocol.Errors.ErrorTypes.InvalidRequest, message!)
            : TypedResults.Json(session.ToResource(), TetherJsonContext.Default.SessionResource);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SessionStore store, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var limit = DefaultPageSize;
        if (query.TryGetValue("limit", out var limitValue)
            && (!int.TryParse(limitValue, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return ApiErrors.BadRequest($"limit must be a whole number from 1 to {MaxPageSize}.");
        }

        string? after = null;
        if (query.TryGetValue("after_id", out var afterValue) && !SessionIds.TryGetBody(afterValue, out after!))
        {
            return ApiErrors.BadRequest("after_id must be a session id from a previous page.");
        }

        var includeArchived = query.TryGetValue("include_archived", out var archivedValue) && archivedValue == "true";
        var caller = context.Caller();
        var (items, hasMore) = await store.ListAsync(caller.OrgId, caller.UserId, after, limit, includeArchived, cancellationToken);
        var data = items.Select(s => s.ToResource()).ToList();
        return TypedResults.Json(
            new Page<SessionResource> { Data = data, HasMore = hasMore, FirstId = data.FirstOrDefault()?.Id, LastId = data.LastOrDefault()?.Id },
            TetherJsonContext.Default.PageSessionResource);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, SessionGate gate, CancellationToken cancellationToken)
    {
        var (session, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Viewer, cancellationToken);
        return error ?? TypedResults.Json(session!.ToResource(), TetherJsonContext.Default.SessionResource);
    }

    private static async Task<IResult> RenameAsync(string id, HttpContext context, SessionGate gate, SessionStore store, CancellationToken cancellationToken)
    {
        var (target, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Driver, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, TetherJsonContext.Default.UpdateSessionRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body!.Title is null)
        {
            return ApiErrors.BadRequest("title is required.");
        }

        if (SessionService.ValidateTitle(body.Title) is { } titleError)
        {
            return ApiErrors.BadRequest(titleError);
        }

        var session = await store.RenameAsync(context.Caller().OrgId, target!.Id, body.Title, cancellationToken);
        return session is null
            ? ApiErrors.NotFound("Session not found.")
            : TypedResults.Json(session.ToResource(), TetherJsonContext.Default.SessionResource);
    }

    private static async Task<IResult> ArchiveAsync(string id, HttpContext context, SessionGate gate, SessionService sessions, SessionStore store, CancellationToken cancellationToken)
    {
        var (target, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Driver, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var body = target!.Id;
        var orgId = context.Caller().OrgId;
        return await sessions.ArchiveAsync(orgId, body, cancellationToken) switch
        {
            ArchiveOutcome.NotFound => ApiErrors.NotFound("Session not found."),
            ArchiveOutcome.AlreadyArchived => ApiErrors.Conflict("Session is already archived."),
            _ => TypedResults.Json((await store.GetAsync(orgId, body, cancellationToken))!.ToResource(), TetherJsonContext.Default.SessionResource),
        };
    }
}
