namespace Tether.Client.CodeSessions;

/// <summary>The two spellings of one session id: <c>cse_X</c> (code sessions) and <c>session_X</c> (Sessions API).</summary>
public static class CodeSessionIds
{
    /// <summary><c>cse_X</c> → <c>session_X</c>; other ids are returned unchanged.</summary>
    public static string ToCompat(string id) => id.StartsWith("cse_", StringComparison.Ordinal) ? "session_" + id[4..] : id;
}
