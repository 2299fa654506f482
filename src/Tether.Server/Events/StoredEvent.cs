using System.Text;

namespace Tether.Server.Events;

/// <summary>
/// An event as stored (or, when <see cref="Seq"/> is 0, an ephemeral one that is only fanned out).
/// <see cref="WireJson"/> is the payload with <c>event_id</c> and <c>sequence_num</c> added in front, computed once and
/// shared by every subscriber.
/// </summary>
internal sealed class StoredEvent(string sessionId, long seq, string eventId, string? uuid, EventSource source, string type, string payloadJson, DateTimeOffset createdAt)
{
    private byte[]? _wireUtf8;
    private byte[]? _wireLineUtf8;

    public string SessionId { get; } = sessionId;

    public long Seq { get; } = seq;

    public string EventId { get; } = eventId;

    public string? Uuid { get; } = uuid;

    public EventSource Source { get; } = source;

    public string Type { get; } = type;

    public string PayloadJson { get; } = payloadJson;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public bool IsEphemeral => Seq == 0;

    /// <summary>The frame viewers receive: the SDK message itself, plus where it stands in the log.</summary>
    public string WireJson => Encoding.UTF8.GetString(WireUtf8);

    public byte[] WireUtf8 => _wireUtf8 ??= BuildWire();

    /// <summary><see cref="WireUtf8"/> followed by a newline: one NDJSON line per WebSocket frame, as the reference sends.</summary>
    public byte[] WireLineUtf8 => _wireLineUtf8 ??= [.. WireUtf8, (byte)'\n'];

    private byte[] BuildWire()
    {
        if (IsEphemeral)
        {
            return Encoding.UTF8.GetBytes(PayloadJson);
        }

        // The payload is a validated JSON object, so splicing after its opening brace keeps it valid.
        var rest = PayloadJson.AsSpan(PayloadJson.IndexOf('{') + 1).TrimStart();
        var separator = rest.Length > 0 && rest[0] != '}' ? "," : "";
        return Encoding.UTF8.GetBytes($"{{\"event_id\":\"{EventId}\",\"sequence_num\":{Seq}{separator}{rest}");
    }
}
