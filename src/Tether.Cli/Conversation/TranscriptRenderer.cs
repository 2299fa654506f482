using System.Globalization;
using System.Text.Json;
using Tether.Cli.Terminal;

namespace Tether.Cli.Conversation;

/// <summary>
/// Writes an agent's stream-json messages as a readable transcript: assistant text (streamed deltas as they arrive,
/// markdown styled), tool calls with their input, tool results truncated, results, errors and notices. Writes are
/// serialised so the stream, the input loop and timers can all report without interleaving lines.
/// </summary>
internal sealed class TranscriptRenderer(TextWriter output, Ansi ansi, int maxResultLines = 8)
{
    private readonly Lock _lock = new();
    private readonly MarkdownText _markdown = new(ansi);
    private readonly HashSet<string> _streamedMessages = [];
    private string? _streamingMessage;
    private bool _midLine;

    /// <summary>Renders one message; unknown and bookkeeping types (keep_alive, control messages) are ignored here.</summary>
    public void Render(JsonElement message)
    {
        switch (JsonFields.Type(message))
        {
            case "assistant":
                Assistant(message);
                break;
            case "user":
                ToolResults(message);
                break;
            case "stream_event":
                StreamEvent(message);
                break;
            case "result":
                Result(message);
                break;
            case "system":
                System(message);
                break;
        }
    }

    /// <summary>A prompt typed by a person (here or in another client).</summary>
    public void UserPrompt(string text, string? who = null) =>
        WriteLines(text.Split('\n').Select((l, i) => i == 0 ? ansi.Bold($"{who ?? ""}› ") + l : "  " + l));

    public void Notice(string text) => WriteLines([ansi.Dim(text)]);

    public void Warning(string text) => WriteLines([ansi.Yellow("! " + text)]);

    public void Error(string text) => WriteLines([ansi.Red("✗ " + text)]);

    /// <summary>A permission prompt: what the tool wants to do and how to answer.</summary>
    public void PermissionPrompt(JsonElement request, bool canAnswer)
    {
        var tool = JsonFields.String(request, "display_name") ?? JsonFields.String(request, "tool_name") ?? "a tool";
        var lines = new List<string> { ansi.Yellow($"? Permission: {ToolText.Call(JsonFields.String(request, "tool_name") ?? tool, JsonFields.Object(request, "input"))}") };
        if (JsonFields.String(request, "description") is { Length: > 0 } description)
        {
            lines.Add("  " + ansi.Dim(description));
        }

        lines.Add(canAnswer ? $"  Allow {tool}? {PermissionAnswers.Hint}" : ansi.Dim("  (waiting for an answer from another client)"));
        WriteLines(lines);
    }

    public void WriteLines(IEnumerable<string> lines)
    {
        lock (_lock)
        {
            EndLine();
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    private void Assistant(JsonElement message)
    {
        var body = JsonFields.Object(message, "message") ?? message;
        var streamed = JsonFields.String(body, "id") is { } id && _streamedMessages.Remove(id);
        var lines = new List<string>();
        foreach (var block in JsonFields.Items(body, "content"))
        {
            switch (JsonFields.Type(block))
            {
                case "text" when !streamed:
                    lines.AddRange(_markdown.Render(JsonFields.String(block, "text") ?? ""));
                    break;
                case "thinking":
                    lines.Add(ansi.Dim(ansi.Italic("✻ " + ToolText.Truncate(JsonFields.String(block, "thinking") ?? "", 200))));
                    break;
                case "tool_use":
                    lines.Add(ansi.Magenta("● ") + ToolText.Call(JsonFields.String(block, "name") ?? "tool", JsonFields.Object(block, "input")));
                    break;
            }
        }

        if (JsonFields.String(message, "error") is { Length: > 0 } error)
        {
            lines.Add(ansi.Red($"✗ {error}"));
        }

        lock (_lock)
        {
            _streamingMessage = null;
        }

        WriteLines(lines);
    }

    private void ToolResults(JsonElement message)
    {
        var body = JsonFields.Object(message, "message");
        if (body is null || JsonFields.Array(body.Value, "content") is not { } content)
        {
            return;
        }

        var lines = new List<string>();
        foreach (var block in content.EnumerateArray().Where(b => JsonFields.Type(b) == "tool_result"))
        {
            var isError = JsonFields.Bool(block, "is_error");
            var text = ToolText.TruncateLines(ToolText.ResultText(block), maxResultLines);
            lines.AddRange(text.Select((l, i) => (i == 0 ? "  ⎿ " : "    ") + (isError ? ansi.Red(l) : ansi.Dim(l))));
        }

        WriteLines(lines);
    }

    private void StreamEvent(JsonElement message)
    {
        if (JsonFields.Object(message, "event") is not { } streamEvent)
        {
            return;
        }

        lock (_lock)
        {
            switch (JsonFields.Type(streamEvent))
            {
                case "message_start":
                    _streamingMessage = JsonFields.Object(streamEvent, "message") is { } m ? JsonFields.String(m, "id") : null;
                    break;
                case "content_block_delta" when JsonFields.Object(streamEvent, "delta") is { } delta && JsonFields.Type(delta) == "text_delta":
                    if (_streamingMessage is not null)
                    {
                        _streamedMessages.Add(_streamingMessage);
                    }

                    var text = JsonFields.String(delta, "text") ?? "";
                    output.Write(text);
                    output.Flush();
                    _midLine = text.Length > 0 && !text.EndsWith('\n');
                    break;
            }
        }
    }

    private void Result(JsonElement message)
    {
        var subtype = JsonFields.String(message, "subtype") ?? "success";
        var facts = new List<string>();
        if (JsonFields.Int64(message, "num_turns") is > 0 and var turns)
        {
            facts.Add($"{turns} turn{(turns == 1 ? "" : "s")}");
        }

        if (JsonFields.Double(message, "duration_ms") is > 0 and var ms)
        {
            facts.Add((ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s");
        }

        if (JsonFields.Double(message, "total_cost_usd") is > 0 and var cost)
        {
            facts.Add("$" + cost.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        var detail = facts.Count > 0 ? $" ({string.Join(", ", facts)})" : "";
        if (subtype == "success" && !JsonFields.Bool(message, "is_error"))
        {
            WriteLines([ansi.Green("✓ Done") + ansi.Dim(detail)]);
            return;
        }

        var why = JsonFields.Array(message, "errors") is { } errors && errors.GetArrayLength() > 0 && errors[0].ValueKind == JsonValueKind.String
            ? errors[0].GetString() : JsonFields.String(message, "result");
        WriteLines([ansi.Red($"✗ {subtype}{(string.IsNullOrEmpty(why) ? "" : ": " + why)}") + ansi.Dim(detail)]);
    }

    private void System(JsonElement message)
    {
        switch (JsonFields.String(message, "subtype"))
        {
            case "init":
                var facts = new[] { JsonFields.String(message, "model"), JsonFields.String(message, "cwd") }.Where(f => !string.IsNullOrEmpty(f));
                Notice($"● Session started ({string.Join(", ", facts)})");
                break;
            case "status" when JsonFields.String(message, "status") == "compacting":
                Notice("Compacting the conversation…");
                break;
            case "compact_boundary":
                Notice("── conversation compacted ──");
                break;
        }
    }

    private void EndLine()
    {
        if (_midLine)
        {
            output.WriteLine();
            _midLine = false;
        }
    }
}
