using System.Globalization;
using System.Text.Json;
using Tether.Protocol.Sessions;

namespace Tether.Cli.Commands.Sessions;

/// <summary>How sessions read in a terminal: relative times, short context summaries.</summary>
internal static class SessionFormatting
{
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalHours < 24 ? $"{(int)age.TotalHours}h ago"
            : age.TotalDays < 30 ? $"{(int)age.TotalDays}d ago"
            : then.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static string Title(SessionResource session) => string.IsNullOrWhiteSpace(session.Title) ? "(untitled)" : session.Title;

    /// <summary>A string property of <c>session_context</c>, or null.</summary>
    public static string? ContextString(SessionResource session, string name) =>
        session.SessionContext.ValueKind == JsonValueKind.Object && session.SessionContext.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The first git repository source's URL, or null.</summary>
    public static string? RepositoryUrl(SessionResource session) =>
        FirstOfType(session, "sources", "git_repository") is { } source && source.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            ? url.GetString() : null;

    /// <summary>The branch of the first git repository outcome (<c>git_info.branches[0]</c>), or null.</summary>
    public static string? OutcomeBranch(SessionResource session) =>
        FirstOfType(session, "outcomes", "git_repository") is { } outcome
        && outcome.TryGetProperty("git_info", out var info) && info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("branches", out var branches) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0
        && branches[0].ValueKind == JsonValueKind.String ? branches[0].GetString() : null;

    private static JsonElement? FirstOfType(SessionResource session, string listName, string type)
    {
        if (session.SessionContext.ValueKind != JsonValueKind.Object || !session.SessionContext.TryGetProperty(listName, out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type)
            {
                return item;
            }
        }

        return null;
    }
}
