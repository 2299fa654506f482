using System.Net;
using System.Net.Sockets;

namespace Tether.Server.Push;

/// <summary>
/// Which push endpoints the server will POST to (the SSRF guard). Checked twice: on the URL when a browser subscribes, and
/// on every address the host name resolves to when connecting, so a name that later points inside the network is refused.
/// </summary>
internal sealed class PushTargetPolicy(ServerOptions options)
{
    public const int MaxEndpointLength = 2048;

    /// <summary>Null when the endpoint is acceptable, else why not (for a 400).</summary>
    public string? Check(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return "endpoint is required (the PushSubscription's endpoint URL).";
        }

        if (endpoint.Length > MaxEndpointLength)
        {
            return $"endpoint is longer than {MaxEndpointLength} characters.";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "endpoint must be an absolute URL.";
        }

        var push = options.Push;
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && push.AllowPlainHttp))
        {
            return "endpoint must be an https:// URL.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "endpoint must not contain user info or a fragment.";
        }

        if (!push.AllowPrivateAddresses && IsPrivateHost(uri))
        {
            return "endpoint points at a loopback or private address, which this server does not send to.";
        }

        return null;
    }

    /// <summary>Whether a resolved address may be connected to.</summary>
    public bool MayConnect(IPAddress address) => options.Push.AllowPrivateAddresses || !IsPrivate(address);

    private static bool IsPrivateHost(Uri uri)
    {
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            return IsPrivate(literal);
        }

        var host = uri.DnsSafeHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            || !host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT, multicast, unspecified and reserved ranges.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && (b[1] & 0xC0) == 64)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || address.IsIPv6UniqueLocal || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
        }

        return true;
    }
}
