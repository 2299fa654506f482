namespace Tether.Server.Accounts;

/// <summary>What an API token may do. A token carries a space-separated list.</summary>
internal static class Scopes
{
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

    public static IReadOnlySet<string> Parse(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
