using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tether.Protocol.Ids;

/// <summary>
/// Session identifiers. One session has one body and two spellings: <c>session_{body}</c> for the Sessions API
/// and <c>cse_{body}</c> for code sessions (v2). Both name the same session everywhere.
/// </summary>
public static class SessionIds
{
    /// <summary>Prefix of the Sessions API spelling.</summary>
    public const string CompatPrefix = "session_";

    /// <summary>Prefix of the code-sessions (v2) spelling.</summary>
    public const string InfraPrefix = "cse_";

    /// <summary>Creates a new session body: time-ordered, 26 Crockford base32 characters, no underscore.</summary>
    public static string NewBody(TimeProvider timeProvider) => Ulid.New(timeProvider);

    /// <summary>The Sessions API spelling of a body.</summary>
    public static string ToCompat(string body) => CompatPrefix + body;

    /// <summary>The code-sessions spelling of a body.</summary>
    public static string ToInfra(string body) => InfraPrefix + body;

    /// <summary>
    /// Extracts the body from <c>session_X</c> or <c>cse_X</c> (including tagged forms such as <c>session_local_X</c>).
    /// Returns false for anything that is not a path-safe session id.
    /// </summary>
    public static bool TryGetBody(string? id, out string body)
    {
        body = "";
        if (!PathSafeId.IsValid(id))
        {
            return false;
        }

        if (!id!.StartsWith(CompatPrefix, StringComparison.Ordinal) && !id.StartsWith(InfraPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        // The body is what follows the last underscore, as in the reference sameSessionId rule.
        var candidate = id[(id.LastIndexOf('_') + 1)..];
        if (candidate.Length < 4)
        {
            return false;
        }

        body = candidate;
        return true;
    }

    /// <summary>True when two ids name the same session: equal strings, or equal bodies of at least 4 characters.</summary>
    public static bool Same(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        var bodyA = a[(a.LastIndexOf('_') + 1)..];
        var bodyB = b[(b.LastIndexOf('_') + 1)..];
        return bodyA.Length >= 4 && string.Equals(bodyA, bodyB, StringComparison.Ordinal);
    }

    /// <summary>Random token material, base64url without padding.</summary>
    public static string RandomToken(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
