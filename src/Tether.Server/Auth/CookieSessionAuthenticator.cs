using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tether.Server.Accounts;
using Tether.Server.Http;
using Tether.Server.Login;

namespace Tether.Server.Auth;

/// <summary>
/// Authenticates the browser's <c>tether_session</c> cookie. Cookies ride along on cross-site requests, so every request
/// that changes state must also prove it came from our own page: the CSRF token (which only our origin can read) and an
/// Origin or Referer of our own origin. Registered after <see cref="BearerTokenAuthenticator"/>, so a bearer token wins.
/// </summary>
internal sealed class CookieSessionAuthenticator(
    WebSessionStore sessions, AccountStore accounts, OriginPolicy originPolicy, AuthAudit audit, TimeProvider timeProvider) : ICallerAuthenticator
{
    public Task<AuthOutcome?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken) =>
        AuthenticateAsync(context, context.Request.Headers[WebCookies.CsrfHeader].ToString(), cancellationToken);

    /// <summary>As the interface method, with the CSRF token taken from elsewhere (a form field on server-rendered pages).</summary>
    public async Task<AuthOutcome?> AuthenticateAsync(HttpContext context, string? csrfToken, CancellationToken cancellationToken)
    {
        if (!context.Request.Cookies.TryGetValue(WebCookies.Session, out var secret) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var session = await sessions.FindAsync(secret, cancellationToken);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return AuthOutcome.Fail("Your browser session has ended. Sign in again with a new login link (`tether up` or `tether admin login-link`).");
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && CheckCsrf(context.Request, session, csrfToken) is { } csrfFailure)
        {
            audit.BrowserRequestRefused(context.Request.Method, context.Request.Path, csrfFailure);
            return AuthOutcome.Deny(csrfFailure);
        }

        var role = await accounts.GetRoleAsync(session.OrgId, session.UserId, cancellationToken);
        if (role is null)
        {
            return AuthOutcome.Fail("This browser session's user is no longer a member of its org.");
        }

        var scopes = Scopes.SetOf(role is Roles.Owner or Roles.Admin ? Scopes.All : Scopes.DefaultUser);
        return AuthOutcome.Success(new Caller(session.OrgId, session.UserId, session.IdHash, CallerKind.WebSession, scopes));
    }

    private string? CheckCsrf(HttpRequest request, WebSessionRecord session, string? csrfToken)
    {
        if (string.IsNullOrEmpty(csrfToken))
        {
            return $"Missing {WebCookies.CsrfHeader}: a browser request that changes state must echo the {WebCookies.Csrf} cookie in that header.";
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(csrfToken), Encoding.UTF8.GetBytes(session.CsrfToken)))
        {
            return $"{WebCookies.CsrfHeader} does not match this browser session; reload the page.";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = request.Headers.Referer.ToString();
        }

        if (origin.Length == 0 || !originPolicy.IsOwnOrigin(origin, request))
        {
            return "Cross-origin request refused: a browser request that changes state must come from this server's own pages (Origin or Referer).";
        }

        return null;
    }
}
