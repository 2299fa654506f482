using System.Text.RegularExpressions;

namespace Tether.Client.Environments;

/// <summary>
/// Makes request and response bodies safe for debug logs (reference §2.4): the values of JSON fields named
/// <c>session_ingress_token</c>, <c>environment_secret</c>, <c>access_token</c>, <c>secret</c> or <c>token</c> keep their first
/// 8 and last 4 characters when at least 16 long and are replaced entirely otherwise; bodies are cut to 2000 characters.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>The longest body kept in a log line.</summary>
    public const int MaxLength = 2000;

    /// <summary>Redacts secrets in a JSON (or JSON-ish) text and truncates it.</summary>
    public static string Redact(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        var redacted = SecretField().Replace(body, match => match.Groups["prefix"].Value + Mask(match.Groups["value"].Value) + "\"");
        return redacted.Length <= MaxLength ? redacted : string.Concat(redacted.AsSpan(0, MaxLength), "…");
    }

    /// <summary>A token shown in logs: first 8 and last 4 characters when long enough, else a placeholder.</summary>
    public static string Mask(string value) =>
        value.Length >= 16 ? string.Concat(value.AsSpan(0, 8), "…", value.AsSpan(value.Length - 4)) : "[redacted]";

    [GeneratedRegex("""(?<prefix>"(?:session_ingress_token|environment_secret|access_token|secret|token)"\s*:\s*")(?<value>(?:[^"\\]|\\.)*)"(?!\s*:)""")]
    private static partial Regex SecretField();
}
