using Microsoft.AspNetCore.Http;

namespace Tether.Server.Login;

/// <summary>The browser session's two cookies: the HttpOnly session and the script-readable CSRF token.</summary>
internal static class WebCookies
{
    public const string Session = "tether_session";
    public const string Csrf = "tether_csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    public static void Set(HttpResponse response, string secret, string csrfToken, DateTimeOffset expiresAt)
    {
        response.Cookies.Append(Session, secret, Options(response.HttpContext.Request, httpOnly: true, expiresAt));
        // Readable by the web app's script, which echoes it in X-CSRF-Token; a cross-site page can neither read nor send it.
        response.Cookies.Append(Csrf, csrfToken, Options(response.HttpContext.Request, httpOnly: false, expiresAt));
    }

    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Session, Options(response.HttpContext.Request, httpOnly: true, expiresAt: null));
        response.Cookies.Delete(Csrf, Options(response.HttpContext.Request, httpOnly: false, expiresAt: null));
    }

    private static CookieOptions Options(HttpRequest request, bool httpOnly, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
