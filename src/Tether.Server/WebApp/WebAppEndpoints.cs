using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Tether.Server.Http;

namespace Tether.Server.WebApp;

/// <summary>
/// Serves the web app built from <c>web/</c> into <c>wwwroot/app</c> at the site root: content-hashed files under
/// <c>/assets/</c> are cached for a year, everything else (index.html, the service worker, the manifest) is revalidated.
/// Client routes fall back to index.html; unknown <c>/v1/…</c> paths stay JSON 404s.
/// </summary>
internal static class WebAppEndpoints
{
    private const string HashedAssetsPath = "/assets/";

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapFallback("/v1/{**path}", () => ApiErrors.NotFound("No such API endpoint."));

        var root = Path.Combine(app.Environment.WebRootPath ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"), "app");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            // A server built without Node.js (or a test host) has no web app; the API still works.
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, OnPrepareResponse = SetCaching });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCaching });
        return app;
    }

    private static void SetCaching(StaticFileResponseContext context)
    {
        var immutable = context.Context.Request.Path.StartsWithSegments(HashedAssetsPath.TrimEnd('/'), StringComparison.Ordinal);
        context.Context.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
    }
}
