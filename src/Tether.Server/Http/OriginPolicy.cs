using Microsoft.AspNetCore.Http;

namespace Tether.Server.Http;

/// <summary>
/// Cross-site WebSocket hijacking and CSRF guard: a request that carries an <c>Origin</c> header must come from this
/// server's own origin (or its configured public URL). Non-browser clients send no Origin and are not affected.
/// </summary>
internal sealed class OriginPolicy(ServerOptions options)
{
    public bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request);
    }

    /// <summary>True when <paramref name="origin"/> (an Origin value or a Referer URL) is this server's own origin or its public URL.</summary>
    public bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        if (string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(originUri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return options.PublicUrl is { } publicUrl && Uri.TryCreate(publicUrl, UriKind.Absolute, out var publicUri)
            && string.Equals(originUri.GetLeftPart(UriPartial.Authority), publicUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }
}
