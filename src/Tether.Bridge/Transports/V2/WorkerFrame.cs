using System.Text.Json;

namespace Tether.Bridge.Transports.V2;

/// <summary>One <c>client_event</c> of the worker stream (§5.2): its id for delivery reports, position and payload.</summary>
internal sealed record WorkerFrame(string EventId, long SequenceNum, string? PayloadType, string PayloadJson)
{
    /// <summary>The frame, or null for anything that is not a well-formed event (sequence numbers start at 1).</summary>
    public static WorkerFrame? TryParse(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("event_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 }
                || !root.TryGetProperty("sequence_num", out var seq) || !seq.TryGetInt64(out var sequence) || sequence < 1
                || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = payload.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new WorkerFrame(id.GetString()!, sequence, type, payload.GetRawText());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
