using System.Text.RegularExpressions;

namespace Tether.Cli.Teleport;

/// <summary>
/// owner/name (and host, when there is one) of a git remote URL: https, ssh, scp-like <c>git@host:owner/name</c> or a
/// local path. Compared case-insensitively, hosts without their port, as the reference teleport does.
/// </summary>
internal sealed partial record RepositoryName(string? Host, string Owner, string Name)
{
    public static RepositoryName? Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        string? host = null;
        string path;
        if (ScpLike().Match(url) is { Success: true } scp)
        {
            host = scp.Groups[1].Value;
            path = scp.Groups[2].Value;
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile)
        {
            host = uri.Host;
            path = uri.AbsolutePath;
        }
        else
        {
            path = url.StartsWith("file://", StringComparison.Ordinal) ? url["file://".Length..] : url;
        }

        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        var name = parts[^1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? parts[^1][..^4] : parts[^1];
        return new RepositoryName(string.IsNullOrEmpty(host) ? null : host, parts[^2], name);
    }

    public bool SameAs(RepositoryName other) =>
        string.Equals(Owner, other.Owner, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && (Host is null || other.Host is null || string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Owner}/{Name}";

    [GeneratedRegex(@"^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$")]
    private static partial Regex ScpLike();
}
