using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.CodeSessions;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;

namespace Tether.Server.Orgs;

/// <summary>
/// <c>GET/PATCH /v1/orgs/current/settings</c>: <c>use_code_sessions</c> (new work uses the v2 worker protocol) and
/// <c>allow_remote_control</c>. Owners and admins only, with an admin-scoped token.
/// </summary>
internal static class OrgSettingsEndpoints
{
    public static IEndpointRouteBuilder MapOrgSettingsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/orgs/current/settings", GetAsync).RequireCaller(Scopes.Admin);
        routes.MapPatch("/v1/orgs/current/settings", PatchAsync).RequireCaller(Scopes.Admin);
        return routes;
    }

    private static async Task<IResult> GetAsync(HttpContext context, AccountStore accounts, OrgSettingsStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (await RefuseAsync(caller, accounts, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var settings = await store.GetAsync(caller.OrgId, cancellationToken);
        return settings is null ? ApiErrors.NotFound("Org not found.") : TypedResults.Json(settings, CodeSessionJsonContext.Default.OrgSettings);
    }

    private static async Task<IResult> PatchAsync(HttpContext context, AccountStore accounts, OrgSettingsStore store, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        if (await RefuseAsync(caller, accounts, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (patch, error) = await JsonBody.ReadAsync(context.Request, CodeSessionJsonContext.Default.OrgSettingsPatch, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var settings = await store.UpdateAsync(caller.OrgId, patch!, cancellationToken);
        return settings is null ? ApiErrors.NotFound("Org not found.") : TypedResults.Json(settings, CodeSessionJsonContext.Default.OrgSettings);
    }

    private static async Task<IResult?> RefuseAsync(Caller caller, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.GetRoleAsync(caller.OrgId, caller.UserId, cancellationToken) is Roles.Owner or Roles.Admin
            ? null
            : ApiErrors.Forbidden("Only the org's owners and admins may see or change its settings.");
}
