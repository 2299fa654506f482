using System.Buffers.Text;
using System.Text;

namespace Tether.Bench.Load;

/// <summary>
/// The synthetic agent line: an <c>assistant</c> message padded to a target size (1 KB by default, the message size of the
/// floor measurements), carrying <c>bench_t</c>, the harness's <see cref="System.Diagnostics.Stopwatch"/> timestamp at
/// the moment it was written, which every receiver finds without parsing the whole frame.
/// </summary>
internal static class EventPayload
{
    private static readonly byte[] s_marker = "\"bench_t\":"u8.ToArray();
    private static readonly byte[] s_seqMarker = "\"sequence_num\":"u8.ToArray();

    public static string Padding(int payloadBytes) => new('x', Math.Max(0, payloadBytes - 190));

    /// <summary>One event object.</summary>
    public static void Write(StringBuilder builder, string padding, long timestamp) =>
        builder.Append("{\"type\":\"assistant\",\"uuid\":\"").Append(Guid.NewGuid().ToString()).Append("\",\"session_id\":\"\",\"parent_tool_use_id\":null,")
            .Append("\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"").Append(padding).Append("\"}]},")
            .Append("\"bench_t\":").Append(timestamp).Append('}');

    /// <summary>A session-ingress body <c>{"events":[…]}</c> whose events all carry <paramref name="timestamps"/>.</summary>
    public static byte[] IngressBody(string padding, ReadOnlySpan<long> timestamps)
    {
        var builder = new StringBuilder(timestamps.Length * (padding.Length + 220) + 16);
        builder.Append("{\"events\":[");
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            Write(builder, padding, timestamps[i]);
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    /// <summary>A v2 worker upload <c>{"worker_epoch":N,"events":[{"payload":…},…]}</c>.</summary>
    public static byte[] WorkerEventsBody(string padding, long epoch, ReadOnlySpan<long> timestamps)
    {
        var builder = new StringBuilder(timestamps.Length * (padding.Length + 240) + 48);
        builder.Append("{\"worker_epoch\":").Append(epoch).Append(",\"events\":[");
        for (var i = 0; i < timestamps.Length; i++)
        {
            builder.Append(i > 0 ? ",{\"payload\":" : "{\"payload\":");
            Write(builder, padding, timestamps[i]);
            builder.Append('}');
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    /// <summary>The upload body for the session's wire (v1 session ingress or v2 worker events).</summary>
    public static byte[] Body(WorkerSession session, string padding, ReadOnlySpan<long> timestamps) =>
        session.Epoch is { } epoch ? WorkerEventsBody(padding, epoch, timestamps) : IngressBody(padding, timestamps);

    /// <summary>A single event frame (the baseline publisher sends exactly this, newline-terminated like Tether's frames).</summary>
    public static byte[] Frame(string padding, long timestamp)
    {
        var builder = new StringBuilder(padding.Length + 240);
        Write(builder, padding, timestamp);
        return Encoding.UTF8.GetBytes(builder.Append('\n').ToString());
    }

    public static bool TryReadTimestamp(ReadOnlySpan<byte> frame, out long timestamp) => TryReadNumber(frame, s_marker, out timestamp);

    public static bool TryReadSequence(ReadOnlySpan<byte> frame, out long seq) => TryReadNumber(frame, s_seqMarker, out seq);

    private static bool TryReadNumber(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> marker, out long value)
    {
        value = 0;
        var at = frame.IndexOf(marker);
        return at >= 0 && Utf8Parser.TryParse(frame[(at + marker.Length)..], out value, out _);
    }
}
