using System.Text.Json;

namespace Tether.Client.CodeSessions;

/// <summary>One <c>client_event</c> frame of the worker stream (remote-protocol §5.2).</summary>
/// <param name="EventId">The stored event's id, used in delivery reports.</param>
/// <param name="SequenceNum">Its position in the session (the SSE <c>id</c>).</param>
/// <param name="EventType">The payload's type.</param>
/// <param name="Payload">The SDK message a client sent (user, control_request, control_response …).</param>
public sealed record WorkerStreamEvent(string EventId, long SequenceNum, string EventType, JsonElement Payload)
{
    /// <summary>
    /// Decodes the <c>data</c> of a <c>client_event</c> frame. A frame is only an event with a string id, a sequence
    /// number from 1 and an object payload; anything else (a proxy's page, a bug) is refused with null, never an exception.
    /// </summary>
    public static WorkerStreamEvent? TryParse(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("event_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } eventId
                || !root.TryGetProperty("sequence_num", out var seq) || !seq.TryGetInt64(out var sequence) || sequence < 1
                || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = root.TryGetProperty("event_type", out var eventType) && eventType.ValueKind == JsonValueKind.String ? eventType.GetString()
                : payload.TryGetProperty("type", out var payloadType) && payloadType.ValueKind == JsonValueKind.String ? payloadType.GetString()
                : null;
            return new WorkerStreamEvent(eventId, sequence, type ?? "", payload.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
