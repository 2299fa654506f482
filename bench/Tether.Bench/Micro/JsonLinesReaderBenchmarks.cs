using BenchmarkDotNet.Attributes;
using Tether.Protocol.Framing;

namespace Tether.Bench.Micro;

/// <summary>Reading agent stdout: 1,000 NDJSON lines of about 1 KB through <see cref="JsonLinesReader"/>.</summary>
[MemoryDiagnoser]
public class JsonLinesReaderBenchmarks
{
    private byte[] _input = [];

    [GlobalSetup]
    public void Setup()
    {
        var line = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + new string('x', 960) + "\"}]}}\n";
        _input = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 1000)));
    }

    [Benchmark(Description = "JsonLinesReader: 1,000 lines of 1 KB")]
    public async Task<long> ReadLines()
    {
        await using var reader = JsonLinesReader.Create(new MemoryStream(_input, writable: false));
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Kind == JsonLineKind.EndOfStream)
            {
                return total;
            }

            total += result.Length;
        }
    }
}
