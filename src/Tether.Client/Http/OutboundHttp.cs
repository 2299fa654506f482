using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tether.Client.Http;

/// <summary>
/// The HTTP stack every outbound Tether connection uses (REST, long poll, WebSocket). Proxies: the handler keeps
/// <see cref="HttpClient.DefaultProxy"/>, which on every platform reads <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>,
/// <c>ALL_PROXY</c> and <c>NO_PROXY</c> from the environment, so nothing needs configuring. Certificates: the system
/// trust store, plus any PEM bundle named by <c>SSL_CERT_FILE</c> or <c>NODE_EXTRA_CA_CERTS</c> (the variables Claude Code
/// honours too), so a corporate TLS-inspecting proxy or a private CA works for the bridge and its agents alike.
/// </summary>
public static class OutboundHttp
{
    /// <summary>The variables that may name extra PEM CA bundles, in the order they are read.</summary>
    public static readonly IReadOnlyList<string> CaBundleVariables = ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"];

    /// <summary>Creates a handler with the proxy and certificate rules above.</summary>
    /// <param name="extraRoots">Extra trusted roots; null reads them from the environment with <see cref="LoadExtraRoots(out IReadOnlyList{string})"/>.</param>
    public static SocketsHttpHandler CreateHandler(X509Certificate2Collection? extraRoots = null)
    {
        var roots = extraRoots ?? LoadExtraRoots(out _);
        var handler = new SocketsHttpHandler
        {
            // Long polls and sockets live for minutes; recycle connections so DNS changes (a moved server) are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            UseProxy = true,
        };
        if (roots.Count > 0)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, roots),
            };
        }

        return handler;
    }

    /// <summary>Reads the certificates of every bundle named by <see cref="CaBundleVariables"/>; unreadable files are reported, not thrown.</summary>
    public static X509Certificate2Collection LoadExtraRoots(out IReadOnlyList<string> problems) =>
        LoadExtraRoots(Environment.GetEnvironmentVariable, out problems);

    /// <summary>
    /// Reads the certificates of every bundle named by <see cref="CaBundleVariables"/> as <paramref name="variables"/>
    /// resolves them. A bundle that cannot be read, is not PEM or holds no certificate is reported in
    /// <paramref name="problems"/> (one sentence each, naming the variable and the file) and skipped; nothing is thrown.
    /// </summary>
    public static X509Certificate2Collection LoadExtraRoots(Func<string, string?> variables, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var collection = new X509Certificate2Collection();
        var found = new List<string>();
        foreach (var variable in CaBundleVariables)
        {
            if (variables(variable) is not { Length: > 0 } path)
            {
                continue;
            }

            var bundle = new X509Certificate2Collection();
            try
            {
                bundle.ImportFromPemFile(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                found.Add($"{variable}={path} could not be read: {ex.Message}");
                continue;
            }

            // A file without any "BEGIN CERTIFICATE" block imports nothing and raises nothing: say so, or the bundle
            // would be ignored silently and the TLS failure later would not point at it.
            if (bundle.Count == 0)
            {
                found.Add($"{variable}={path} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)");
                continue;
            }

            collection.AddRange(bundle);
        }

        problems = found;
        return collection;
    }

    // The system store decides first; only a chain error gets a second chance against the extra roots. Name mismatches
    // and missing certificates are never forgiven.
    private static bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
