using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Tether.Server.Accounts;

/// <summary>What an API token may do. A token carries a space-separated list.</summary>
internal static class Scopes
{
    // Parsed lists of known scopes, shared: every request of a long-lived stream holds its caller's set, and there are at
    // most 2^4 such lists. A list with an unknown scope is parsed afresh each time, so this stays bounded.
    private static readonly ConcurrentDictionary<string, IReadOnlySet<string>> s_parsed = new(StringComparer.Ordinal);

    /// <summary>Read sessions, events and environments.</summary>
    public const string Read = "read";

    /// <summary>Create and change sessions, post prompts and answers.</summary>
    public const string Write = "write";

    /// <summary>Register environments and run bridges.</summary>
    public const string RemoteControl = "remote_control";

    /// <summary>Manage users, tokens and org settings.</summary>
    public const string Admin = "admin";

    /// <summary>What a new login gets unless it asks for less.</summary>
    public static readonly IReadOnlyList<string> DefaultUser = [Read, Write, RemoteControl];

    /// <summary>Every scope.</summary>
    public static readonly IReadOnlyList<string> All = [Read, Write, RemoteControl, Admin];

    public static bool IsKnown(string scope) => All.Contains(scope);

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal));

    public static IReadOnlySet<string> Parse(string value)
    {
        if (s_parsed.TryGetValue(value, out var shared))
        {
            return shared;
        }

        var parsed = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToFrozenSet(StringComparer.Ordinal);
        return parsed.All(IsKnown) ? s_parsed.GetOrAdd(value, parsed) : parsed;
    }

    /// <summary>The set of <paramref name="scopes"/>, shared like <see cref="Parse"/>'s.</summary>
    public static IReadOnlySet<string> SetOf(IEnumerable<string> scopes) => Parse(Join(scopes));
}
