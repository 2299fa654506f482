using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Sharing;

namespace Tether.Server.Endpoints;

/// <summary>Sharing a session with other members of the org as driver, approver or viewer.</summary>
internal static class SharingEndpoints
{
    public static IEndpointRouteBuilder MapSharingEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/sessions/{id}/shares", ListAsync).RequireCaller(Scopes.Read);
        routes.MapPut("/v1/sessions/{id}/shares", ShareAsync).RequireCaller(Scopes.Write);
        routes.MapDelete("/v1/sessions/{id}/shares/{userId}", UnshareAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    private static async Task<IResult> ListAsync(string id, HttpContext context, SessionGate gate, ShareStore shares, CancellationToken cancellationToken)
    {
        var (session, role, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Viewer, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var page = new SharesPage(await shares.ListAsync(session!.Id, cancellationToken), SessionRoleNames.Of(role));
        return TypedResults.Json(page, SharingJsonContext.Default.SharesPage);
    }

    private static async Task<IResult> ShareAsync(string id, HttpContext context, SessionGate gate, ShareStore shares, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var (session, _, error) = await gate.OpenAsync(id, caller, SessionRole.Driver, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (request, bodyError) = await JsonBody.ReadAsync(context.Request, SharingJsonContext.Default.ShareRequest, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (!SessionRoleNames.TryParse(request!.Role, out var role))
        {
            return ApiErrors.BadRequest("role must be driver, approver or viewer.");
        }

        if (request.Email is null && request.UserId is null)
        {
            return ApiErrors.BadRequest("Give the email or user_id of the person to share with.");
        }

        if (await shares.FindMemberAsync(caller.OrgId, request.Email, request.UserId, cancellationToken) is not { } userId)
        {
            return ApiErrors.NotFound("No such member in your org.");
        }

        await shares.UpsertAsync(session!.Id, userId, role, caller.UserId, cancellationToken);
        return TypedResults.Json(
            new SharesPage(await shares.ListAsync(session.Id, cancellationToken), SessionRoleNames.Of(SessionRole.Driver)),
            SharingJsonContext.Default.SharesPage);
    }

    private static async Task<IResult> UnshareAsync(string id, string userId, HttpContext context, SessionGate gate, ShareStore shares, CancellationToken cancellationToken)
    {
        var (session, _, error) = await gate.OpenAsync(id, context.Caller(), SessionRole.Driver, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!PathSafeId.IsValid(userId))
        {
            return ApiErrors.BadRequest("user id must match ^[A-Za-z0-9_-]+$.");
        }

        return await shares.RemoveAsync(session!.Id, userId, cancellationToken)
            ? TypedResults.NoContent()
            : ApiErrors.NotFound("This session is not shared with that user.");
    }
}
