using System.Buffers.Text;
using System.Text;
using Tether.Protocol.Environments;
using Tether.Protocol.Framing;
using Tether.Protocol.Tests.Framing;

namespace Tether.Protocol.Tests;

public sealed class FuzzTests
{
    private const int Iterations = 2000;

    private static readonly string[] s_fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "\n", "\r", "\r\n", " ", "\\", "\\u", "null", "true", "1", "-0.5e9",
        "\"version\"", "\"session_ingress_token\"", "\"api_base_url\"", "\"claude_code_args\"", "\"use_code_sessions\"",
        "\"sources\"", "\"mcp_config\"", "\u00e9", "\uffff", "\0",
    ];

    [Fact]
    public async Task Reader_never_throws_or_hangs_on_random_input()
    {
        var random = new Random(12345);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < Iterations; i++)
        {
            var data = RandomBytes(random);
            var chunks = Split(random, data);
            var max = random.Next(1, 64);
            await using var reader = JsonLinesReader.Create(new ChunkedStream(chunks), max);
            var total = 0L;
            for (var reads = 0; ; reads++)
            {
                Assert.True(reads <= data.Length + 1, "the reader returned more results than there are bytes");
                var result = await reader.ReadAsync(cts.Token);
                if (result.Kind == JsonLineKind.EndOfStream)
                {
                    break;
                }

                Assert.True(result.Kind == JsonLineKind.LineTooLong || result.Length <= max);
                total += result.Length;
            }

            Assert.True(total <= data.Length);
        }
    }

    [Fact]
    public void Decoder_never_throws_on_random_input()
    {
        var random = new Random(54321);
        var decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            string input = (i % 3) switch
            {
                0 => Encoding.Latin1.GetString(RandomBytes(random)),
                1 => Base64Url.EncodeToString(RandomBytes(random)),
                _ => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(RandomJsonish(random))),
            };

            if (WorkSecretCodec.TryDecode(input, out var secret, out var error))
            {
                decoded++;
                Assert.NotEmpty(secret.SessionIngressToken);
            }
            else
            {
                Assert.NotEmpty(error);
            }
        }

        Assert.True(decoded < Iterations);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        // Make newlines common enough that the splitter is exercised, not just the over-long path.
        for (var i = 0; i < bytes.Length; i += random.Next(1, 20))
        {
            bytes[i] = random.Next(3) == 0 ? (byte)'\r' : (byte)'\n';
        }

        return bytes;
    }

    private static List<byte[]> Split(Random random, byte[] data)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var n = Math.Min(random.Next(1, 40), data.Length - offset);
            chunks.Add(data[offset..(offset + n)]);
            offset += n;
        }

        return chunks;
    }

    private static string RandomJsonish(Random random)
    {
        var builder = new StringBuilder("{\"version\":1,");
        for (var i = random.Next(0, 30); i > 0; i--)
        {
            builder.Append(s_fragments[random.Next(s_fragments.Length)]);
        }

        return builder.ToString();
    }
}
