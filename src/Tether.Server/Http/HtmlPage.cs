using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Tether.Server.Http;

/// <summary>
/// Small server-rendered pages (login errors, device approval). No script and no inline style, so the strict policy
/// below holds; every value is HTML-encoded by <see cref="Encode"/> before it reaches the markup.
/// </summary>
internal sealed class HtmlPage(int statusCode, string title, string bodyHtml) : IResult
{
    private const string ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";
        // Page URLs can carry codes; keep them out of Referer headers to other sites.
        response.Headers["Referrer-Policy"] = "same-origin";
        await response.WriteAsync(
            $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)} · Tether</title></head>
            <body>
            <h1>{Encode(title)}</h1>
            {bodyHtml}
            </body>
            </html>
            """,
            httpContext.RequestAborted);
    }
}
