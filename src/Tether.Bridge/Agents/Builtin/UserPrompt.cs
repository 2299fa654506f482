using System.Text;
using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>An inbound <c>user</c> message reduced to what the built-in agent runs: its text.</summary>
internal sealed record UserPrompt(string? Uuid, string Text)
{
    /// <summary>Joins a string content or the text blocks of a block array; other blocks (images, …) are ignored.</summary>
    public static UserPrompt From(JsonObject message)
    {
        var text = new StringBuilder();
        switch (message["message"]?["content"])
        {
            case JsonValue value when value.TryGetValue<string>(out var content):
                text.Append(content);
                break;
            case JsonArray blocks:
                foreach (var block in blocks.OfType<JsonObject>().Where(block => (string?)block["type"] == "text"))
                {
                    text.Append(text.Length > 0 ? "\n" : "").Append((string?)block["text"]);
                }

                break;
        }

        return new UserPrompt((string?)message["uuid"], text.ToString().Trim());
    }
}
