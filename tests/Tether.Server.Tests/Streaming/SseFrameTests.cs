using System.Text;
using Tether.Server.Events;
using Tether.Server.Streaming;

namespace Tether.Server.Tests.Streaming;

/// <summary>SSE frames are written straight from the UTF-8 wire JSON: the bytes must be exactly the documented frame.</summary>
public sealed class SseFrameTests
{
    private const string Payload = """{"type":"assistant","uuid":"u-1","message":{"content":"héllo ✓"}}""";

    [Fact]
    public void A_stored_event_without_a_name_is_id_then_data()
    {
        var stored = new StoredEvent("01S", 123456789012, "evt_1", "u-1", EventSource.Worker, "assistant", Payload, DateTimeOffset.UnixEpoch);

        var frame = SseWriter.Frame(stored, eventName: null);

        Assert.Equal("id: 123456789012\ndata: " + Encoding.UTF8.GetString(stored.WireUtf8) + "\n\n", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void An_ephemeral_event_has_no_id_and_a_custom_data_delegate_is_used_verbatim()
    {
        var ephemeral = new StoredEvent("01S", 0, "", null, EventSource.Worker, "session_update", """{"status":"idle"}""", DateTimeOffset.UnixEpoch);

        var frame = SseWriter.Frame(ephemeral, eventName: "update_é", data: _ => "{\"x\":\"ü\"}"u8.ToArray());

        Assert.Equal("event: update_é\ndata: {\"x\":\"ü\"}\n\n", Encoding.UTF8.GetString(frame));
    }
}
