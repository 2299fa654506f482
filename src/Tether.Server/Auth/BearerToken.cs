using Microsoft.AspNetCore.Http;

namespace Tether.Server.Auth;

/// <summary>Reads the bearer credential of a request.</summary>
internal static class BearerToken
{
    /// <summary>The subprotocol a browser offers to carry its token on a WebSocket upgrade (browsers cannot set headers there).</summary>
    public const string WebSocketProtocolPrefix = "tether.bearer.";

    /// <summary>The subprotocol the server selects when a browser offered it alongside the token.</summary>
    public const string WebSocketProtocol = "tether.v1";

    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }

        return FromWebSocketProtocol(request);
    }

    // `new WebSocket(url, ["tether.v1", "tether.bearer.<token>"])`: the token travels in Sec-WebSocket-Protocol, only on upgrades.
    private static string? FromWebSocketProtocol(HttpRequest request)
    {
        if (!request.HttpContext.WebSockets.IsWebSocketRequest)
        {
            return null;
        }

        foreach (var protocol in request.HttpContext.WebSockets.WebSocketRequestedProtocols)
        {
            if (protocol.StartsWith(WebSocketProtocolPrefix, StringComparison.Ordinal) && protocol.Length > WebSocketProtocolPrefix.Length)
            {
                return protocol[WebSocketProtocolPrefix.Length..];
            }
        }

        return null;
    }
}
