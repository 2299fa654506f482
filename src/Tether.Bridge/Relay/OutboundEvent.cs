using System.Text;
using System.Text.Json;

namespace Tether.Bridge.Relay;

/// <summary>One child stdout line on its way to the server.</summary>
/// <param name="Json">The line, a JSON object.</param>
/// <param name="Type">Its top-level <c>type</c>, if it has one.</param>
/// <param name="ByteCount">Its UTF-8 size, for batch limits.</param>
internal sealed record OutboundEvent(string Json, string? Type, int ByteCount)
{
    public const string StreamEventType = "stream_event";

    /// <summary>Partial-message deltas; these may wait up to the flush interval to be batched.</summary>
    public bool IsStreamEvent => Type == StreamEventType;

    /// <summary>Wraps a line, reading its top-level <c>type</c> without building a document.</summary>
    public static OutboundEvent Create(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json);
        return new OutboundEvent(json, ReadType(utf8), utf8.Length);
    }

    private static string? ReadType(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: it still goes out, just without a type.
        }

        return null;
    }
}
