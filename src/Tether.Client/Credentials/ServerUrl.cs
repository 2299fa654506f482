namespace Tether.Client.Credentials;

/// <summary>Server base URLs in one canonical spelling, so <c>HTTP://Host:80/</c> and <c>http://host</c> share a login.</summary>
public static class ServerUrl
{
    /// <summary>Lower-case scheme and host, no default port, no trailing slash, no query; false unless it is an http(s) URL.</summary>
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return false;
        }

        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        normalized = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath.TrimEnd('/')}";
        return true;
    }
}
