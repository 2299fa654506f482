using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tether.Protocol.Auth;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;
using Tether.Server.Login;

namespace Tether.Server.Endpoints;

/// <summary>One-time login links, the browser session they start, logout, and <c>/v1/auth/me</c>.</summary>
internal static class WebLoginEndpoints
{
    private static readonly TimeSpan s_minLinkLifetime = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapWebLoginEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login/{code}", RedeemAsync);
        var auth = routes.MapGroup("/v1/auth");
        auth.MapPost("/logout", LogoutAsync);
        auth.MapGet("/me", MeAsync).RequireCaller();
        auth.MapPost("/login-links", CreateLinkAsync).RequireCaller(Scopes.Write);
        return routes;
    }

    /// <summary>The link a login code opens.</summary>
    public static string LinkUrl(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/login/{code}";

    private static async Task<IResult> RedeemAsync(
        string code, HttpContext context, LoginLinkStore links, WebSessionStore sessions, ServerOptions options, AuthAudit audit,
        CancellationToken cancellationToken)
    {
        var user = code.StartsWith(TokenPrefixes.LoginLink, StringComparison.Ordinal) ? await links.RedeemAsync(code, cancellationToken) : null;
        if (user is not { } redeemed)
        {
            audit.LoginLinkRefused();
            return new HtmlPage(
                StatusCodes.Status410Gone,
                "This login link no longer works",
                "<p>Login links work once and only for a short time. This one was already used, has expired, or was never valid.</p>"
                + "<p>Get a new one: run <code>tether up</code> on the machine running the server, or ask your admin for "
                + "<code>tether admin login-link</code>.</p>");
        }

        var (secret, csrf, expires) = await sessions.CreateAsync(redeemed.OrgId, redeemed.UserId, cancellationToken);
        WebCookies.Set(context.Response, options, secret, csrf, expires);
        audit.LoginLinkRedeemed(redeemed.UserId, redeemed.OrgId);
        context.Response.Headers.CacheControl = "no-store";
        // 303: the browser follows with a GET to the app, and the one-time URL does not stay in the address bar.
        context.Response.Headers.Location = "/";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> LogoutAsync(
        HttpContext context, RequestAuthenticator authenticator, WebSessionStore sessions, AccountStore accounts, ServerOptions options,
        AuthAudit audit, CancellationToken cancellationToken)
    {
        var outcome = await authenticator.AuthenticateAsync(context, cancellationToken);
        if (outcome.Forbidden)
        {
            return ApiErrors.Forbidden(outcome.Failure!);
        }

        // A stale cookie still gets cleared: logging out must always leave the browser signed out.
        WebCookies.Clear(context.Response, options);
        if (outcome.Caller is not { } caller)
        {
            return ApiErrors.Unauthorized(outcome.Failure!);
        }

        if (caller.Kind == CallerKind.WebSession)
        {
            await sessions.RevokeAsync(caller.CredentialId, cancellationToken);
        }
        else
        {
            await accounts.RevokeTokenAsync(caller.OrgId, caller.CredentialId, cancellationToken);
        }

        audit.LoggedOut(caller.UserId, caller.OrgId, caller.Kind == CallerKind.WebSession ? "web session" : $"token {caller.CredentialId}");

        return TypedResults.NoContent();
    }

    private static async Task<IResult> MeAsync(HttpContext context, AccountStore accounts, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var user = await accounts.FindUserAsync(caller.UserId, cancellationToken);
        var role = await accounts.GetRoleAsync(caller.OrgId, caller.UserId, cancellationToken);
        if (user is null || role is null)
        {
            return ApiErrors.Unauthorized("This credential's user is no longer a member of its org.");
        }

        return TypedResults.Json(
            new MeResource
            {
                UserId = user.Id,
                Email = user.Email,
                Name = user.Name,
                OrgId = caller.OrgId,
                Role = role,
                Scopes = [.. caller.Scopes.Order(StringComparer.Ordinal)],
                Credential = caller.Kind == CallerKind.WebSession ? "web_session" : "api_token",
            },
            AuthJsonContext.Default.MeResource);
    }

    private static async Task<IResult> CreateLinkAsync(
        HttpContext context, LoginLinkStore links, ServerOptions options, AuthAudit audit, CancellationToken cancellationToken)
    {
        var lifetime = LoginLifetimes.LoginLink;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await JsonBody.ReadAsync(context.Request, AuthJsonContext.Default.CreateLoginLinkRequest, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (body!.TtlSeconds is { } ttl)
            {
                lifetime = TimeSpan.FromSeconds(ttl);
                if (lifetime < s_minLinkLifetime || lifetime > LoginLifetimes.LoginLink)
                {
                    return ApiErrors.BadRequest(
                        $"ttl_seconds must be from {s_minLinkLifetime.TotalSeconds} to {LoginLifetimes.LoginLink.TotalSeconds}.");
                }
            }
        }

        var caller = context.Caller();
        var (code, expires) = await links.CreateAsync(caller.OrgId, caller.UserId, lifetime, cancellationToken);
        audit.LoginLinkCreated(caller.UserId, caller.OrgId, expires);
        return TypedResults.Json(
            new LoginLinkResource { Url = LinkUrl(PublicBaseUrl.For(context.Request, options), code), ExpiresAt = expires },
            AuthJsonContext.Default.LoginLinkResource,
            statusCode: StatusCodes.Status201Created);
    }
}
