using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tether.Server.WebApp;

/// <summary>Headers on every response: a strict Content-Security-Policy (no inline script or style), nosniff, no referrer.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    // Added as the response starts, not on arrival: Referrer-Policy is not one of Kestrel's known headers, so setting it
    // allocates a header dictionary that a parked long poll would otherwise hold for its whole wait. A WebSocket's 101
    // carries no document for these to govern and gets none (the dictionary would live as long as the socket). A value an
    // endpoint set itself (HTML pages have their own policy) is kept.
    private static readonly Func<object, Task> s_addHeaders = static state =>
    {
        var response = (HttpResponse)state;
        if (response.StatusCode == StatusCodes.Status101SwitchingProtocols)
        {
            return Task.CompletedTask;
        }

        var headers = response.Headers;
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        if (!headers.ContainsKey(HeaderNames.XContentTypeOptions))
        {
            headers.XContentTypeOptions = "nosniff";
        }

        if (!headers.ContainsKey("Referrer-Policy"))
        {
            headers["Referrer-Policy"] = "no-referrer";
        }

        return Task.CompletedTask;
    };

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(s_addHeaders, context.Response);
            return next(context);
        });
}
