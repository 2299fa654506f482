using System.Text.Json;

namespace Tether.Cli.Conversation;

/// <summary>One-line summaries of tool calls and truncated tool results.</summary>
internal static class ToolText
{
    private static readonly string[] s_summaryFields = ["command", "file_path", "filePath", "path", "pattern", "url", "query"];

    /// <summary><c>Bash(touch x)</c>, or the tool name and its input as compact JSON (truncated).</summary>
    public static string Call(string toolName, JsonElement? input)
    {
        if (input is { ValueKind: JsonValueKind.Object } value)
        {
            foreach (var field in s_summaryFields)
            {
                if (JsonFields.String(value, field) is { Length: > 0 } summary)
                {
                    return $"{toolName}({Truncate(OneLine(summary), 200)})";
                }
            }

            return $"{toolName} {Truncate(value.GetRawText(), 300)}";
        }

        return toolName;
    }

    /// <summary>The text of a tool_result's content (a string or text blocks).</summary>
    public static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var part in content.EnumerateArray())
        {
            parts.Add(JsonFields.String(part, "text") ?? (JsonFields.Type(part) is { Length: > 0 } type ? $"[{type}]" : ""));
        }

        return string.Join('\n', parts);
    }

    /// <summary>The first <paramref name="maxLines"/> lines, then how many were left out.</summary>
    public static IReadOnlyList<string> TruncateLines(string text, int maxLines)
    {
        var lines = text.TrimEnd().Split('\n').Select(l => Truncate(l.TrimEnd('\r'), 300)).ToList();
        if (lines.Count <= maxLines)
        {
            return lines;
        }

        return [.. lines.Take(maxLines), $"… (+{lines.Count - maxLines} lines)"];
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}
