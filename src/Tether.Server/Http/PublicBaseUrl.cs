using Microsoft.AspNetCore.Http;

namespace Tether.Server.Http;

/// <summary>The base URL for links the server hands out: the configured public URL, else the origin the request came to.</summary>
internal static class PublicBaseUrl
{
    public static string For(HttpRequest request, ServerOptions options) =>
        options.PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}
