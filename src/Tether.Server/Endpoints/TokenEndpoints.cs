using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Auth;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Login;

namespace Tether.Server.Endpoints;

/// <summary>
/// API token management. Members see and revoke their own tokens; org admins (admin scope and an admin or owner role)
/// see and revoke every token of the org. Tokens of other orgs do not exist as far as a caller can tell (404).
/// </summary>
internal static class TokenEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxLifetimeDays = 3650;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/v1/auth/tokens");
        tokens.MapGet("", ListAsync).RequireCaller(Scopes.Read);
        tokens.MapPost("", CreateAsync).RequireCaller(Scopes.Write);
        tokens.MapDelete("/{id}", RevokeAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, AccountStore accounts, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var userFilter = await IsOrgAdminAsync(caller, accounts, cancellationToken) ? null : caller.UserId;
        var tokens = await accounts.ListTokensAsync(caller.OrgId, userFilter, cancellationToken);
        return TypedResults.Json(new TokenList { Data = [.. tokens.Select(ToResource)] }, AuthJsonContext.Default.TokenList);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AccountStore accounts, AuthAudit audit, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, AuthJsonContext.Default.CreateTokenRequest, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var name = body!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ApiErrors.BadRequest($"name is required, at most {MaxNameLength} characters.");
        }

        if (body.Scopes is not { Count: > 0 } scopes)
        {
            return ApiErrors.BadRequest($"scopes is required: a list from {Scopes.Join(Scopes.All)}.");
        }

        if (scopes.FirstOrDefault(s => !Scopes.IsKnown(s)) is { } unknown)
        {
            return ApiErrors.BadRequest($"Unknown scope '{unknown}'; known scopes: {Scopes.Join(Scopes.All)}.");
        }

        var caller = context.Caller();
        if (scopes.FirstOrDefault(s => !caller.Has(s)) is { } missing)
        {
            return ApiErrors.Forbidden($"You cannot grant the '{missing}' scope: your credential does not have it.");
        }

        if (body.ExpiresInDays is < 1 or > MaxLifetimeDays)
        {
            return ApiErrors.BadRequest($"expires_in_days must be from 1 to {MaxLifetimeDays}.");
        }

        TimeSpan? lifetime = body.ExpiresInDays is { } days ? TimeSpan.FromDays(days) : null;
        var issued = await accounts.CreateTokenAsync(caller.OrgId, caller.UserId, name, scopes, lifetime, cancellationToken);
        var record = (await accounts.FindTokenAsync(issued.Id, cancellationToken))!;
        audit.TokenCreated(issued.Id, caller.UserId, caller.OrgId, Scopes.Join(issued.Scopes));
        return TypedResults.Json(
            new CreatedToken { Token = ToResource(record), Secret = issued.Secret },
            AuthJsonContext.Default.CreatedToken,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeAsync(
        string id, HttpContext context, AccountStore accounts, AuthAudit audit, CancellationToken cancellationToken)
    {
        if (!PathSafeId.IsValid(id))
        {
            return ApiErrors.BadRequest("Token ids match ^[A-Za-z0-9_-]+$.");
        }

        var caller = context.Caller();
        var token = await accounts.FindTokenAsync(id, cancellationToken);
        if (token is null || token.OrgId != caller.OrgId
            || (token.UserId != caller.UserId && !await IsOrgAdminAsync(caller, accounts, cancellationToken)))
        {
            return ApiErrors.NotFound("Token not found.");
        }

        await accounts.RevokeTokenAsync(caller.OrgId, id, cancellationToken);
        audit.TokenRevoked(id, caller.UserId, caller.OrgId);
        return TypedResults.NoContent();
    }

    // The role is checked as well as the scope, so a token minted while its user was an admin loses that power on demotion.
    private static async Task<bool> IsOrgAdminAsync(Caller caller, AccountStore accounts, CancellationToken cancellationToken) =>
        caller.Has(Scopes.Admin) && await accounts.GetRoleAsync(caller.OrgId, caller.UserId, cancellationToken) is Roles.Owner or Roles.Admin;

    private static TokenResource ToResource(TokenRecord token) => new()
    {
        Id = token.Id,
        Name = token.Name,
        UserId = token.UserId,
        Scopes = [.. token.Scopes.Order(StringComparer.Ordinal)],
        CreatedAt = token.CreatedAt,
        ExpiresAt = token.ExpiresAt,
        RevokedAt = token.RevokedAt,
    };
}
