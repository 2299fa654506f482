using BenchmarkDotNet.Attributes;
using Tether.Server.Events;
using Tether.Server.Streaming;

namespace Tether.Bench.Micro;

/// <summary>
/// Fan-out frames: a committed event's wire JSON (<c>event_id</c> and <c>sequence_num</c> spliced into the payload, built
/// once and shared by every viewer) as a WebSocket NDJSON line and as an SSE frame.
/// </summary>
[MemoryDiagnoser]
public class WireFrameBenchmarks
{
    private string _payload = "";
    private StoredEvent _built = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = "{\"type\":\"assistant\",\"uuid\":\"" + Guid.NewGuid() + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"" + new string('x', 900) + "\"}]}}";
        _built = Fresh();
        _ = _built.WireUtf8;
    }

    [Benchmark(Description = "StoredEvent: WebSocket NDJSON line (1 KB)")]
    public int WebSocketLine() => Fresh().WireLineUtf8.Length;

    [Benchmark(Description = "SseWriter.Frame (1 KB, wire JSON cached)")]
    public int SseFrame() => SseWriter.Frame(_built, eventName: null).Length;

    [Benchmark(Description = "SseWriter.Frame with event name (1 KB)")]
    public int SseFrameNamed() => SseWriter.Frame(_built, eventName: "client_event").Length;

    private StoredEvent Fresh() =>
        new("01JBENCHSESSION", 12345, "evt_01JBENCHEVENT0000000000000", null, EventSource.Worker, "assistant", _payload, DateTimeOffset.UnixEpoch);
}
