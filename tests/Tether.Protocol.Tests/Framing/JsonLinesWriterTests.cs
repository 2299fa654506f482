using System.Text;
using Tether.Protocol.Environments;
using Tether.Protocol.Framing;
using Tether.Protocol.Json;

namespace Tether.Protocol.Tests.Framing;

public sealed class JsonLinesWriterTests
{
    [Fact]
    public async Task Writes_one_object_per_line_and_round_trips_through_the_reader()
    {
        var stream = new MemoryStream();
        using (var writer = new JsonLinesWriter(stream))
        {
            await writer.WriteAsync(new StopWorkRequest { Force = true }, TetherJsonContext.Default.StopWorkRequest);
            await writer.WriteLineAsync("{\"type\":\"keep_alive\"}");
        }

        Assert.Equal("{\"force\":true}\n{\"type\":\"keep_alive\"}\n", Encoding.UTF8.GetString(stream.ToArray()));

        stream.Position = 0;
        await using var reader = JsonLinesReader.Create(stream);
        Assert.Equal("{\"force\":true}", (await reader.ReadAsync()).GetString());
        Assert.Equal("{\"type\":\"keep_alive\"}", (await reader.ReadAsync()).GetString());
    }

    [Fact]
    public async Task Rejects_a_payload_with_a_newline()
    {
        using var writer = new JsonLinesWriter(new MemoryStream());

        await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteLineAsync("{}\n{}"));
    }

    [Fact]
    public async Task Concurrent_writes_never_interleave()
    {
        var stream = new MemoryStream();
        using var writer = new JsonLinesWriter(stream);
        var payloads = Enumerable.Range(0, 200).Select(i => $"{{\"n\":{i},\"pad\":\"{new string('p', i * 10)}\"}}").ToList();

        await Task.WhenAll(payloads.Select(p => Task.Run(async () => await writer.WriteLineAsync(p))));

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(payloads.Order(), lines.Order());
    }
}
