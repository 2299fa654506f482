using System.Text;
using Tether.Server.CodeSessions;
using Tether.Server.Events;
using Tether.Testing;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>The worker stream's wire format, byte for byte (remote-protocol §5.2).</summary>
public sealed class ClientEventFrameTests
{
    private const string Payload = """{"type":"user","uuid":"u-1","session_id":"","message":{"role":"user","content":"héllo <b>"}}""";

    [Fact]
    public void A_client_event_frame_is_event_then_id_then_one_data_line()
    {
        var stored = new StoredEvent(
            "01TEST", 7, "evt_01GOLDEN", "u-1", EventSource.Client, "user", Payload, new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

        var frame = Encoding.UTF8.GetString(ClientEventFrames.Frame(stored));

        Assert.Equal(
            "event: client_event\n" +
            "id: 7\n" +
            "data: {\"event_id\":\"evt_01GOLDEN\",\"sequence_num\":7,\"event_type\":\"user\",\"source\":\"client\"," +
            "\"payload\":" + Payload + ",\"created_at\":\"2026-01-02T03:04:05.678Z\"}\n" +
            "\n",
            frame);
    }

    [Fact]
    public async Task The_stream_endpoint_sends_exactly_those_bytes_for_a_posted_prompt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero));
        await using var server = await LoopbackServer.StartAsync(customize: o => o with { TimeProvider = clock });
        using var owner = server.CreateClient();
        using var worker = await V2Worker.StartAsync(server, owner);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        (await owner.PostEventsAsync(worker.CompatId, Payload)).Dispose();
        var eventId = (await owner.GetNodeAsync($"/v1/sessions/{worker.CompatId}/events"))["data"]![0]!["event_id"]!.GetValue<string>();

        using var response = await worker.Client.GetAsync(worker.Path("/events/stream"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var text = await ReadFrameAsync(body, timeout.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            $"event: client_event\nid: 1\ndata: {{\"event_id\":\"{eventId}\",\"sequence_num\":1,\"event_type\":\"user\",\"source\":\"client\"," +
            $"\"payload\":{Payload},\"created_at\":\"2026-03-04T05:06:07.089Z\"}}\n\n",
            text);
    }

    private static async Task<string> ReadFrameAsync(Stream body, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!(bytes.Count >= 2 && bytes[^1] == '\n' && bytes[^2] == '\n'))
        {
            if (await body.ReadAsync(buffer, cancellationToken) == 0)
            {
                throw new InvalidOperationException("stream ended: " + Encoding.UTF8.GetString([.. bytes]));
            }

            bytes.Add(buffer[0]);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
