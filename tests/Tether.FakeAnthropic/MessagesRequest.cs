using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.FakeAnthropic;

/// <summary>The parts of a Messages API request body that scripts decide on.</summary>
public sealed class MessagesRequest
{
    private MessagesRequest(JsonObject body)
    {
        Body = body;
        Model = (string?)body["model"] ?? "claude-fake";
        Stream = body["stream"] is JsonValue stream && stream.GetValueKind() == JsonValueKind.True;
        ToolNames = (body["tools"] as JsonArray ?? [])
            .Select(tool => (string?)tool?["name"])
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        var lastUser = (body["messages"] as JsonArray ?? []).LastOrDefault(message => (string?)message?["role"] == "user");
        var text = new StringBuilder();
        switch (lastUser?["content"])
        {
            case JsonValue value when value.TryGetValue<string>(out var content):
                text.Append(content);
                break;
            case JsonArray blocks:
                foreach (var block in blocks.OfType<JsonObject>())
                {
                    ReadBlock(block, text);
                }

                break;
        }

        LastUserText = text.ToString();
    }

    /// <summary>The whole request body.</summary>
    public JsonObject Body { get; }

    /// <summary>The requested model, echoed back in the reply.</summary>
    public string Model { get; }

    /// <summary>Whether the client asked for server-sent events.</summary>
    public bool Stream { get; }

    /// <summary>Names of the tools the request offers.</summary>
    public IReadOnlySet<string> ToolNames { get; }

    /// <summary>All text blocks of the latest user message, joined by newlines (tool results excluded).</summary>
    public string LastUserText { get; }

    /// <summary>Whether the latest user message carries a <c>tool_result</c> block.</summary>
    public bool LastUserHasToolResult { get; private set; }

    /// <summary>Whether that tool result is marked <c>is_error</c> (for example a denied permission).</summary>
    public bool LastToolResultIsError { get; private set; }

    /// <summary>The text of that tool result.</summary>
    public string LastToolResultText { get; private set; } = "";

    /// <summary>Parses a request body; <see langword="null"/> when it is not a JSON object.</summary>
    public static MessagesRequest? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject json ? new MessagesRequest(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ReadBlock(JsonObject block, StringBuilder text)
    {
        switch ((string?)block["type"])
        {
            case "text":
                text.Append(text.Length > 0 ? "\n" : "").Append((string?)block["text"]);
                break;
            case "tool_result":
                LastUserHasToolResult = true;
                LastToolResultIsError = block["is_error"] is JsonValue isError && isError.GetValueKind() == JsonValueKind.True;
                LastToolResultText = block["content"] switch
                {
                    JsonValue value when value.TryGetValue<string>(out var content) => content,
                    JsonArray parts => string.Join("\n", parts.Select(part => (string?)part?["text"]).OfType<string>()),
                    _ => "",
                };
                break;
        }
    }
}
