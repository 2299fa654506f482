using System.Text;
using Tether.Protocol.Framing;

namespace Tether.Protocol.Tests.Framing;

public sealed class JsonLinesReaderTests
{
    private static async Task<List<(JsonLineKind Kind, string Text, long Length)>> ReadAllAsync(Stream stream, int max = JsonLinesReader.DefaultMaxLineBytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var reader = JsonLinesReader.Create(stream, max);
        var results = new List<(JsonLineKind, string, long)>();
        while (true)
        {
            var result = await reader.ReadAsync(cts.Token);
            if (result.Kind == JsonLineKind.EndOfStream)
            {
                return results;
            }

            results.Add((result.Kind, result.GetString(), result.Length));
        }
    }

    [Fact]
    public async Task Splits_lines_across_chunk_boundaries()
    {
        var lines = await ReadAllAsync(ChunkedStream.Of("{\"a\"", ":1}\n{\"b\":2", "}\n", "{\"c\":3}\n"));

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(JsonLineKind.Line, l.Kind));
    }

    [Fact]
    public async Task Splits_every_byte_into_its_own_chunk()
    {
        var text = "{\"a\":1}\r\n{\"b\":\"é\"}\n";
        var stream = new ChunkedStream(Encoding.UTF8.GetBytes(text).Select(b => new[] { b }));

        var lines = await ReadAllAsync(stream);

        Assert.Equal(["{\"a\":1}", "{\"b\":\"é\"}"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Trims_carriage_returns_and_skips_blank_lines()
    {
        var lines = await ReadAllAsync(ChunkedStream.Of("\n\r\n{\"a\":1}\r\n   \n\t\r\n{\"b\":2}\r", "\n\n"));

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Skips_an_oversize_line_and_reads_the_next()
    {
        var big = new string('x', 5000);
        var lines = await ReadAllAsync(ChunkedStream.Of("{\"a\":1}\n", big[..1000], big[1000..], "\n{\"b\":2}\n"), max: 1024);

        Assert.Equal(3, lines.Count);
        Assert.Equal(JsonLineKind.LineTooLong, lines[1].Kind);
        Assert.Equal(5000, lines[1].Length);
        Assert.Equal("", lines[1].Text);
        Assert.Equal("{\"b\":2}", lines[2].Text);
    }

    [Fact]
    public async Task Reports_an_oversize_line_that_arrives_in_one_chunk_with_its_newline()
    {
        var lines = await ReadAllAsync(ChunkedStream.Of(new string('y', 2000) + "\n{\"ok\":true}\n"), max: 1024);

        Assert.Equal([JsonLineKind.LineTooLong, JsonLineKind.Line], lines.Select(l => l.Kind));
        Assert.Equal(2000, lines[0].Length);
    }

    [Fact]
    public async Task Accepts_a_line_of_exactly_the_cap()
    {
        var exact = new string('z', 1024);
        var lines = await ReadAllAsync(ChunkedStream.Of(exact[..10], exact[10..] + "\r", "\n"), max: 1024);

        Assert.Equal(JsonLineKind.Line, Assert.Single(lines).Kind);
        Assert.Equal(1024, lines[0].Length);
    }

    [Fact]
    public async Task Reports_a_partial_final_line()
    {
        var lines = await ReadAllAsync(ChunkedStream.Of("{\"a\":1}\n{\"b\":"));

        Assert.Equal([JsonLineKind.Line, JsonLineKind.PartialFinalLine], lines.Select(l => l.Kind));
        Assert.Equal("{\"b\":", lines[1].Text);
    }

    [Fact]
    public async Task Reports_an_oversize_partial_final_line_as_too_long()
    {
        var lines = await ReadAllAsync(ChunkedStream.Of("{\"a\":1}\n", new string('q', 3000)), max: 1024);

        Assert.Equal([JsonLineKind.Line, JsonLineKind.LineTooLong], lines.Select(l => l.Kind));
        Assert.Equal(3000, lines[1].Length);
    }

    [Fact]
    public async Task Passes_binary_garbage_through_as_lines_without_failing()
    {
        byte[] garbage = [0xff, 0xfe, 0x00, 0x01, (byte)'\n', 0xc3, 0x28, (byte)'\n', 0x80];
        var lines = await ReadAllAsync(new ChunkedStream([garbage]));

        Assert.Equal([JsonLineKind.Line, JsonLineKind.Line, JsonLineKind.PartialFinalLine], lines.Select(l => l.Kind));
        Assert.Equal([4L, 2L, 1L], lines.Select(l => l.Length));
    }

    [Fact]
    public async Task Keeps_returning_end_of_stream()
    {
        await using var reader = JsonLinesReader.Create(ChunkedStream.Of("{}\n"));

        Assert.Equal(JsonLineKind.Line, (await reader.ReadAsync()).Kind);
        Assert.Equal(JsonLineKind.EndOfStream, (await reader.ReadAsync()).Kind);
        Assert.Equal(JsonLineKind.EndOfStream, (await reader.ReadAsync()).Kind);
    }

    [Fact]
    public async Task Returned_lines_stay_valid_after_later_reads()
    {
        await using var reader = JsonLinesReader.Create(ChunkedStream.Of("{\"first\":1}\n{\"second\":2}\n"));

        var first = await reader.ReadAsync();
        var second = await reader.ReadAsync();

        Assert.Equal("{\"first\":1}", first.GetString());
        Assert.Equal("{\"second\":2}", second.GetString());
    }
}
