using System.Diagnostics;
using System.Text;
using Tether.Bench.Hosting;

namespace Tether.Bench.Load;

/// <summary>
/// A real <c>tether bridge</c> (the CLI next to this program) in its own process, with its config and data in a temp
/// directory, running the given agent command line for every session. Killed with its children on dispose.
/// </summary>
internal sealed class BridgeProcess : IAsyncDisposable
{
    private static readonly System.Text.RegularExpressions.Regex s_registered = new(@"registered environment `?(env_[A-Za-z0-9_-]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BridgeProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public static BridgeProcess Start(BenchServer server, string workDirectory, string name, int capacity, IReadOnlyList<string> agent)
    {
        var tether = Path.Combine(AppContext.BaseDirectory, "tether.dll");
        if (!File.Exists(tether))
        {
            throw new InvalidOperationException($"tether.dll not found next to the harness ({tether})");
        }

        Directory.CreateDirectory(workDirectory);
        var start = new ProcessStartInfo(ChildProcessServer.DotnetHost())
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            tether, "bridge", "--server", server.BaseAddress.ToString().TrimEnd('/'), "--token", ServerSpec.OwnerToken,
            "--agent", string.Join(' ', agent.Select(Quote)), "--spawn", "same-dir", "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--name", name, "--session-timeout", "0", "--yes", "--verbose",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(workDirectory, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(workDirectory, "data");
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tether bridge");
        var bridge = new BridgeProcess(process, name);
        process.OutputDataReceived += (_, e) => bridge.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bridge.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bridge;
    }

    /// <summary>Waits until the bridge has registered its environment (it prints the id); returns the environment id.</summary>
    public async Task<string> WaitForEnvironmentAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (s_registered.Match(Output()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tether bridge exited with {_process.ExitCode}: {Output()}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"tether bridge did not register within {timeout}: {Output()}");
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string Quote(string word) => word.Contains(' ', StringComparison.Ordinal) ? $"'{word}'" : word;
}
