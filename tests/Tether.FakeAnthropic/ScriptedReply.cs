using System.Text.Json.Nodes;

namespace Tether.FakeAnthropic;

/// <summary>One assistant turn the fake model answers with: optional text, then optionally one tool call.</summary>
public sealed record ScriptedReply
{
    /// <summary>Text the assistant says (may be empty when the reply is only a tool call).</summary>
    public string Text { get; init; } = "";

    /// <summary>The tool to call, or <see langword="null"/> for a plain text reply that ends the turn.</summary>
    public string? ToolName { get; init; }

    /// <summary>The tool's input object; sent as <c>input_json_delta</c> fragments when streaming.</summary>
    public JsonObject? ToolInput { get; init; }

    /// <summary>A reply that says <paramref name="text"/> and ends the turn (<c>stop_reason: end_turn</c>).</summary>
    public static ScriptedReply WithText(string text) => new() { Text = text };

    /// <summary>A reply that calls <paramref name="toolName"/> (<c>stop_reason: tool_use</c>).</summary>
    public static ScriptedReply WithToolUse(string toolName, JsonObject input, string text = "") =>
        new() { Text = text, ToolName = toolName, ToolInput = input };

    /// <summary>A reply that asks Claude Code's Bash tool to run <paramref name="command"/>.</summary>
    public static ScriptedReply WithBash(string command, string description = "Run the scripted command") =>
        WithToolUse("Bash", new JsonObject { ["command"] = command, ["description"] = description });
}
