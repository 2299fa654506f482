using System.IO.Pipelines;
using System.Text;
using Tether.Bridge.Agents.Builtin;

namespace Tether.Agents.Tests;

public sealed class NdjsonLineReaderTests
{
    [Fact]
    public async Task ReadAsync_SplitsCrlfSkipsBlanksAndKeepsAFinalLineWithoutNewline()
    {
        var results = await ReadAllAsync("a\r\n\n  \nb\nc", maxLineBytes: 100);

        Assert.Equal(["Line:a", "Line:b", "Line:c", "End:"], results);
    }

    [Fact]
    public async Task ReadAsync_ReportsAnOverlongLineOnceAndResumesAfterIt()
    {
        var results = await ReadAllAsync(new string('x', 50) + "\nok\n" + new string('y', 11) + "\nlast\n", maxLineBytes: 10);

        Assert.Equal(["TooLong:", "Line:ok", "TooLong:", "Line:last", "End:"], results);
    }

    private static async Task<List<string>> ReadAllAsync(string input, int maxLineBytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // A small buffer makes the reader see the long lines in several pieces.
        var pipe = PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(input)), new StreamPipeReaderOptions(bufferSize: 4, minimumReadSize: 1));
        var reader = new NdjsonLineReader(pipe, maxLineBytes);
        var results = new List<string>();
        LineReadResult result;
        do
        {
            result = await reader.ReadAsync(cts.Token);
            results.Add($"{result.Kind}:{result.Text}");
        }
        while (result.Kind != LineReadKind.End);

        return results;
    }
}
