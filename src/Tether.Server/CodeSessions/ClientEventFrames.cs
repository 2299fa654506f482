using System.Globalization;
using System.Text.Json;
using Tether.Server.Events;
using Tether.Server.Streaming;

namespace Tether.Server.CodeSessions;

/// <summary>
/// The worker stream's frame (remote-protocol §5.2): <c>event: client_event</c>, <c>id: &lt;seq&gt;</c>, and
/// <c>data: {"event_id","sequence_num","event_type","source","payload","created_at"}</c>.
/// </summary>
internal static class ClientEventFrames
{
    public const string EventName = "client_event";

    public static byte[] Frame(StoredEvent stored) => SseWriter.Frame(stored, EventName, Data);

    public static byte[] Data(StoredEvent stored)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", stored.EventId);
            writer.WriteNumber("sequence_num", stored.Seq);
            writer.WriteString("event_type", stored.Type);
            writer.WriteString("source", EventSourceNames.Of(stored.Source));
            writer.WritePropertyName("payload");
            writer.WriteRawValue(stored.PayloadJson, skipInputValidation: true);
            writer.WriteString("created_at", stored.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
