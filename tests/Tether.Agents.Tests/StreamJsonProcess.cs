using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Tether.FakeAnthropic;

namespace Tether.Agents.Tests;

/// <summary>
/// A stream-json agent (tether agent or the real claude) running as a child process: lines written to its stdin,
/// every stdout line kept in arrival order so tests can wait for a message with a timeout.
/// </summary>
internal sealed class StreamJsonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _messages = [];
    private readonly List<string> _rawLines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamJsonProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
    }

    public IReadOnlyList<JsonObject> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static StreamJsonProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        return new StreamJsonProcess(process);
    }

    /// <summary>Starts <c>dotnet tether.dll agent …</c> from the test output directory.</summary>
    public static StreamJsonProcess StartTetherAgent(string cwd, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tether.dll"));
        foreach (var argument in (string[])["agent", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        return Start(start);
    }

    /// <summary>
    /// Starts the real claude CLI against <paramref name="anthropicBaseUrl"/>, isolated from the user's own setup:
    /// a private HOME and config dir, and no inherited ANTHROPIC_* or CLAUDE* variables.
    /// </summary>
    public static StreamJsonProcess StartClaude(string anthropicBaseUrl, string home, string cwd)
    {
        var start = new ProcessStartInfo(ClaudeCli.Locate()) { WorkingDirectory = cwd };
        foreach (var argument in (string[])["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || key.StartsWith("CLAUDE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["HOME"] = home;
        start.Environment["CLAUDE_CONFIG_DIR"] = Path.Combine(home, ".claude");
        start.Environment["ANTHROPIC_BASE_URL"] = anthropicBaseUrl;
        start.Environment["ANTHROPIC_API_KEY"] = "test";
        start.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        return Start(start);
    }

    public async Task SendAsync(JsonObject message, CancellationToken cancellationToken) =>
        await SendLineAsync(message.ToJsonString(), cancellationToken);

    public async Task SendLineAsync(string line, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    public void CloseStdin() => _process.StandardInput.Close();

    /// <summary>The first stdout message (already received or still to come) that <paramref name="match"/> accepts.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching message. stdout so far:\n{Transcript()}\nstderr:\n{Stderr()}");
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> messages match, returning them.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForCountAsync(Func<JsonObject, bool> match, int count, CancellationToken cancellationToken)
    {
        await WaitForAsync(_ => Messages.Count(match) >= count, cancellationToken);
        return [.. Messages.Where(match)];
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken) => await _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public string Transcript()
    {
        lock (_lock)
        {
            return string.Join("\n", _rawLines);
        }
    }

    public string Stderr()
    {
        lock (_lock)
        {
            return _stderr.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(timeout.Token);
        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _rawLines.Add(line);
                if (TryParse(line) is { } message)
                {
                    _messages.Add(message);
                }

                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private static JsonObject? TryParse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
