using System.Text.Json;

namespace Tether.Bridge.Activity;

/// <summary>
/// Turns an agent's stdout lines into status activities (reference §7.4): each <c>tool_use</c> block of an
/// <c>assistant</c> line becomes "verb + detail", text becomes its first 80 characters, and a <c>result</c> line becomes
/// "Session completed" or its first error.
/// </summary>
internal static class ToolActivity
{
    public const int TextLength = 80;
    public const int CommandLength = 60;
    public const string CompletedSummary = "Session completed";

    private static readonly Dictionary<string, string> s_verbs = new(StringComparer.Ordinal)
    {
        ["Read"] = "Reading", ["Write"] = "Writing", ["Edit"] = "Editing", ["MultiEdit"] = "Editing",
        ["Bash"] = "Running", ["Glob"] = "Searching", ["Grep"] = "Searching", ["WebFetch"] = "Fetching",
        ["WebSearch"] = "Searching", ["Task"] = "Running task", ["FileReadTool"] = "Reading",
        ["FileWriteTool"] = "Writing", ["FileEditTool"] = "Editing", ["GlobTool"] = "Searching",
        ["GrepTool"] = "Searching", ["BashTool"] = "Running", ["NotebookEditTool"] = "Editing notebook", ["LSP"] = "LSP",
    };

    // The first of these input fields that holds a string is the detail after the verb.
    private static readonly string[] s_detailFields = ["file_path", "filePath", "pattern", "command", "url", "query"];

    /// <summary>The verb for a tool; unknown tools use their own name.</summary>
    public static string Verb(string toolName) => s_verbs.GetValueOrDefault(toolName, toolName);

    /// <summary>"Verb detail", or the verb alone when the input has none of the detail fields.</summary>
    public static string Summarize(string toolName, JsonElement input)
    {
        var verb = Verb(toolName);
        if (input.ValueKind != JsonValueKind.Object)
        {
            return verb;
        }

        foreach (var field in s_detailFields)
        {
            if (input.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } detail)
            {
                return $"{verb} {(field == "command" ? Truncate(detail, CommandLength) : detail)}";
            }
        }

        return verb;
    }

    /// <summary>The activities one stdout line carries; none for other types or lines that are not JSON.</summary>
    public static IReadOnlyList<SessionActivity> Extract(ReadOnlyMemory<byte> utf8Line, DateTimeOffset at)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Line);
        }
        catch (JsonException)
        {
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return [];
            }

            return type.GetString() switch
            {
                "assistant" => FromAssistant(root, at),
                "result" => [FromResult(root, at)],
                _ => [],
            };
        }
    }

    private static List<SessionActivity> FromAssistant(JsonElement root, DateTimeOffset at)
    {
        var activities = new List<SessionActivity>();
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return activities;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var blockType))
            {
                continue;
            }

            if (blockType.ValueEquals("tool_use") && block.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var input = block.TryGetProperty("input", out var i) ? i : default;
                activities.Add(new SessionActivity(ActivityKind.ToolStart, Summarize(name.GetString()!, input), at));
            }
            else if (blockType.ValueEquals("text") && block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                && OneLine(text.GetString()!) is { Length: > 0 } line)
            {
                activities.Add(new SessionActivity(ActivityKind.Text, Truncate(line, TextLength), at));
            }
        }

        return activities;
    }

    private static SessionActivity FromResult(JsonElement root, DateTimeOffset at)
    {
        var subtype = root.TryGetProperty("subtype", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (subtype == "success")
        {
            return new SessionActivity(ActivityKind.Result, CompletedSummary, at);
        }

        var error = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
            && errors[0].ValueKind == JsonValueKind.String
                ? errors[0].GetString()
                : null;
        return new SessionActivity(ActivityKind.Error, error ?? subtype ?? "error", at);
    }

    // Status lines are single-line; collapse newlines and runs of blanks the agent used for layout.
    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
