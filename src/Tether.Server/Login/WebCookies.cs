using Microsoft.AspNetCore.Http;

namespace Tether.Server.Login;

/// <summary>The browser session's two cookies: the HttpOnly session and the script-readable CSRF token.</summary>
internal static class WebCookies
{
    public const string Session = "tether_session";
    public const string Csrf = "tether_csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    public static void Set(HttpResponse response, ServerOptions options, string secret, string csrfToken, DateTimeOffset expiresAt)
    {
        var secure = IsSecure(response.HttpContext.Request, options);
        response.Cookies.Append(Session, secret, Options(secure, httpOnly: true, expiresAt));
        // Readable by the web app's script, which echoes it in X-CSRF-Token; a cross-site page can neither read nor send it.
        response.Cookies.Append(Csrf, csrfToken, Options(secure, httpOnly: false, expiresAt));
    }

    public static void Clear(HttpResponse response, ServerOptions options)
    {
        var secure = IsSecure(response.HttpContext.Request, options);
        response.Cookies.Delete(Session, Options(secure, httpOnly: true, expiresAt: null));
        response.Cookies.Delete(Csrf, Options(secure, httpOnly: false, expiresAt: null));
    }

    // Behind a TLS-terminating proxy the request itself is plain http; an https public URL still means browsers use TLS.
    private static bool IsSecure(HttpRequest request, ServerOptions options) =>
        request.IsHttps || options.PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    private static CookieOptions Options(bool secure, bool httpOnly, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Strict,
        Secure = secure,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
