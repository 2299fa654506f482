using System.Diagnostics;
using System.Text;

namespace Tether.Bench.Load;

/// <summary>
/// The bridge scenario's child agent: prints <c>--lines</c> stream-json <c>assistant</c> lines on stdout, as fast as it
/// can (<c>--rate 0</c>) or at a fixed rate, each stamped with <c>bench_t</c> (the monotonic clock every process on the
/// machine shares) at the moment it is written; then waits for stdin to close (the bridge ending the session) or
/// <c>--linger</c> seconds, and exits. It ignores what it reads.
/// </summary>
internal static class FloodAgent
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var lines = args.Int("lines", 1000);
        var rate = args.Double("rate", 0);
        var padding = EventPayload.Padding(args.Int("payload-bytes", 512));
        var linger = TimeSpan.FromSeconds(args.Double("linger", 60));
        // Stream-json flags the bridge may pass (it passes none to a plain command line); accepted and ignored.
        _ = args.Flag("print");
        args.EnsureAllRead();

        using var stdout = Console.OpenStandardOutput();
        var drain = Task.Run(async () =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[4096];
            while (await stdin.ReadAsync(buffer) > 0)
            {
            }
        });

        var interval = rate > 0 ? Stopwatch.Frequency / rate : 0;
        var start = Stopwatch.GetTimestamp();
        var builder = new StringBuilder(padding.Length + 256);
        for (var i = 0; i < lines; i++)
        {
            if (interval > 0)
            {
                var due = start + (long)(i * interval);
                var wait = LatencySamples.ToMs(due - Stopwatch.GetTimestamp());
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait)));
                }
            }

            builder.Clear();
            EventPayload.Write(builder, padding, Stopwatch.GetTimestamp());
            var bytes = Encoding.UTF8.GetBytes(builder.Append('\n').ToString());
            await stdout.WriteAsync(bytes);
            await stdout.FlushAsync();
        }

        await Task.WhenAny(drain, Task.Delay(linger));
        return 0;
    }
}
