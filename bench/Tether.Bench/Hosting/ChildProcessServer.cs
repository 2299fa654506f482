using System.Diagnostics;
using System.Text;

namespace Tether.Bench.Hosting;

/// <summary>
/// A bench server in a child process: this same program run as <c>serve</c>. It prints <c>READY url</c> when listening and
/// exits when its stdin closes (so it never outlives the harness) or after <see cref="MaxLifetime"/>.
/// </summary>
internal sealed class ChildProcessServer : BenchServer
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Extra environment for child servers, from <c>TETHER_BENCH_SERVER_ENV</c> (<c>KEY=VALUE;KEY=VALUE</c>).</summary>
    private static readonly IReadOnlyList<(string Key, string Value)> ServerEnvironment =
        [.. (Environment.GetEnvironmentVariable("TETHER_BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).Where(kv => kv.Length == 2).Select(kv => (kv[0], kv[1]))];

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private ChildProcessServer(ServerSpec spec, Uri baseAddress, Process process, StringBuilder stderr)
        : base(spec, baseAddress)
    {
        _process = process;
        _stderr = stderr;
    }

    public int ProcessId => _process.Id;

    public static async Task<ChildProcessServer> StartAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ChildProcessServer).Assembly.Location);
        foreach (var argument in spec.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        // Same GC flavour as the measurements in perf-reliability.md §4: workstation, non-concurrent.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        // Runtime knobs to compare (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0), applied to every server alike.
        foreach (var (key, value) in ServerEnvironment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bench server process");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    if (stderr.Length < 64 * 1024)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    throw new InvalidOperationException($"bench server exited before it was ready: {stderr}");
                }

                if (line.StartsWith("READY ", StringComparison.Ordinal))
                {
                    return new ChildProcessServer(spec, new Uri(line["READY ".Length..].Trim()), process, stderr);
                }
            }
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            Kill(_process);
        }

        _process.Dispose();
    }

    /// <summary>What the server wrote on stderr (warnings and errors), for a failed run's report.</summary>
    public string Errors()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The <c>dotnet</c> host that runs this program: the SDK's (under dotnet run/test) or the one on PATH.</summary>
    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return "dotnet";
    }
}
