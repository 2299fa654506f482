using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tether.Testing;

/// <summary>
/// The real <c>tether</c> executable as a child process (<c>dotnet tether.dll …</c> next to the test assembly), for
/// tests that must kill it with SIGKILL or stop it with SIGSTOP. Output is kept for failure messages.
/// </summary>
public sealed class TetherProcess : IAsyncDisposable
{
    private readonly List<string> _output = [];
    private Process _process;

    private readonly string? _workingDirectory;

    private TetherProcess(Process process, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory)
    {
        _process = process;
        Arguments = arguments;
        Environment = environment;
        _workingDirectory = workingDirectory;
        Attach(process);
    }

    public IReadOnlyList<string> Arguments { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static TetherProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        environment ??= new Dictionary<string, string?>();
        return new TetherProcess(Launch(arguments, environment, workingDirectory), arguments, environment, workingDirectory);
    }

    /// <summary>Starts <c>tether server</c> on a free loopback port with the test owner token; waits until it is ready.</summary>
    public static async Task<(TetherProcess Process, Uri BaseAddress)> StartServerAsync(string dataDirectory, int port = 0)
    {
        port = port == 0 ? FreePort() : port;
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var server = Start(
            ["server", "--urls", baseAddress.ToString().TrimEnd('/'), "--data", dataDirectory],
            new Dictionary<string, string?> { ["TETHER_BOOTSTRAP_TOKEN"] = LoopbackServer.OwnerToken });
        await server.WaitReadyAsync(baseAddress);
        return (server, baseAddress);
    }

    public async Task WaitReadyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tether exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the server answers /readyz");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill (with its children too, when asked).</summary>
    public async Task KillAsync(bool entireProcessTree = false)
    {
        _process.Kill(entireProcessTree);
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the same command again (after a kill).</summary>
    public void Restart()
    {
        _process.Dispose();
        _process = Launch(Arguments, Environment, _workingDirectory);
        Attach(_process);
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP / SIGCONT: the process is frozen as a sleeping laptop's would be.</summary>
    public Task SuspendAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>SIGINT, as Ctrl+C; waits for the exit.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        await SignalAsync("-INT");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    private void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Count < 2000)
            {
                _output.Add(line);
            }
        }
    }

    private static Process Launch(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory ?? System.Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tether.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
