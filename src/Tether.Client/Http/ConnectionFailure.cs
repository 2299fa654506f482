using System.Net.Http;
using System.Security.Authentication;

namespace Tether.Client.Http;

/// <summary>
/// The sentence a user reads when an outbound connection fails. An untrusted TLS certificate gets its own wording:
/// behind a company proxy or with a private CA the fix is a CA bundle, not a different server address.
/// </summary>
public static class ConnectionFailure
{
    /// <summary>Describes <paramref name="exception"/>, raised while reaching <paramref name="server"/>.</summary>
    public static string Describe(HttpRequestException exception, string server)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsCertificateProblem(exception, out var detail))
        {
            return $"Cannot reach {server}: its TLS certificate was rejected ({detail}). If the server, or a proxy that "
                + $"inspects TLS, uses a private CA, set {string.Join(" or ", OutboundHttp.CaBundleVariables)} to a PEM file "
                + "holding that CA's certificate and start again.";
        }

        return $"Cannot reach {server}: {exception.Message}";
    }

    /// <summary>Whether the failure was the TLS handshake rejecting the server's certificate (other handshake errors are not).</summary>
    public static bool IsCertificateProblem(HttpRequestException exception, out string detail)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException && inner.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase))
            {
                detail = inner.Message;
                return true;
            }
        }

        detail = "";
        return false;
    }
}
