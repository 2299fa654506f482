using System.Net.ServerSentEvents;
using System.Text;
using Tether.Client.CodeSessions;

namespace Tether.Client.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of a valid worker event stream, read the way the bridge's v2 transport and the REPL read it (the
/// framework's SseParser, then <see cref="WorkerStreamEvent.TryParse"/>): nothing throws, nothing hangs, and a frame is either a
/// well-formed event or nothing.
/// </summary>
public sealed class SseFrameFuzzTests
{
    private const string ValidStream =
        ": keep-alive\n\n" +
        "event: client_event\nid: 1\ndata: {\"event_id\":\"evt_1\",\"sequence_num\":1,\"event_type\":\"user\",\"source\":\"client\",\"payload\":{\"type\":\"user\",\"uuid\":\"u1\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}},\"created_at\":\"2026-11-21T00:00:00Z\"}\n\n" +
        "event: client_event\nid: 2\ndata: {\"event_id\":\"evt_2\",\"sequence_num\":2,\"event_type\":\"control_response\",\"source\":\"client\",\"payload\":{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"r\"}},\"created_at\":\"2026-11-21T00:00:01Z\"}\n\n";

    [Theory]
    [InlineData(7)]
    [InlineData(20261121)]
    public async Task Mutated_streams_never_throw_and_only_yield_well_formed_frames(int seed)
    {
        var random = new Random(seed);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 2000; i++)
        {
            var bytes = Mutate(random, Encoding.UTF8.GetBytes(ValidStream));
            using var stream = new MemoryStream(bytes);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(deadline.Token))
            {
                if (WorkerStreamEvent.TryParse(item.Data) is { } frame)
                {
                    Assert.False(string.IsNullOrEmpty(frame.EventId), $"seed {seed} iteration {i}: frame without an event id");
                    Assert.True(frame.SequenceNum > 0, $"seed {seed} iteration {i}: sequence number {frame.SequenceNum}");
                    Assert.Equal(System.Text.Json.JsonValueKind.Object, frame.Payload.ValueKind);
                }
            }
        }
    }

    [Fact]
    public async Task The_unmutated_stream_yields_both_events_in_order()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ValidStream));
        var frames = new List<WorkerStreamEvent>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            if (item.EventType == "client_event" && WorkerStreamEvent.TryParse(item.Data) is { } frame)
            {
                frames.Add(frame);
            }
        }

        Assert.Equal([1L, 2L], frames.Select(f => f.SequenceNum));
        Assert.Equal("user", frames[0].EventType);
    }

    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = input.ToList();
        var tokens = new[] { "\n", "\r", "\r\n", ":", "data:", "id:", "event:", "{", "}", "\"", "-1", "99999999999999999999", "null", "\u00ff" };
        for (var m = 0; m < random.Next(1, 8); m++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveAt(Math.Min(at, bytes.Count - 1));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256);
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string('{', random.Next(1, 80))));
                    break;
            }
        }

        return [.. bytes];
    }
}
