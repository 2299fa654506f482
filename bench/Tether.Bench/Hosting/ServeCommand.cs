using Microsoft.AspNetCore.Hosting;
using Tether.Server;

namespace Tether.Bench.Hosting;

/// <summary>The child side of <see cref="ChildProcessServer"/>: start, print READY, run until stdin closes.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(BenchArgs args, TextWriter stdout)
    {
        var spec = ServerSpec.FromArguments(args);
        args.EnsureAllRead();
        using var lifetime = new CancellationTokenSource(ChildProcessServer.MaxLifetime);
        await using var app = await ServeHost.StartAsync(spec, lifetime.Token);
        await stdout.WriteLineAsync("READY " + app.BoundAddress());
        await stdout.FlushAsync(lifetime.Token);

        // The parent holds our stdin open; EOF means it is done with us (or gone).
        var stdinClosed = Task.Run(async () =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (await stdin.ReadAsync(buffer, lifetime.Token) > 0)
            {
            }
        });
        try
        {
            await stdinClosed.WaitAsync(lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            // Lifetime cap reached.
        }

        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stopTimeout.Token);
        return 0;
    }
}
