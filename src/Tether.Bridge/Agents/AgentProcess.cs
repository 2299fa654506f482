using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tether.Bridge.Agents;

/// <summary>
/// One child agent process with its three pipes: stdout lines flow into <see cref="Output"/> (bounded, so a slow consumer
/// slows the child rather than growing memory), stderr into a ring kept for failure reports, and stdin is written by a
/// single loop, one line and one flush per message. <see cref="Completion"/> reports the exit only after both output
/// pumps finished, so no line is lost and no pump outlives the process.
/// </summary>
/// <remarks>The consumer must keep reading <see cref="Output"/> until it completes; otherwise the child blocks on stdout.</remarks>
internal sealed partial class AgentProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly AgentProcessOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<AgentOutput> _output;
    private readonly Channel<string> _input;
    private readonly StderrTail _stderr;
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly CancellationTokenSource _readCts = new();
    private readonly Task _exit = Task.CompletedTask;
    private readonly Task _stdoutPump = Task.CompletedTask;
    private readonly Task _stderrPump = Task.CompletedTask;
    private readonly Task _stdinPump = Task.CompletedTask;
    private long _bytesRead;
    private volatile bool _stdoutWaitingForConsumer;

    private AgentProcess(Process? process, AgentProcessOptions options, TimeProvider timeProvider, ILogger logger, string? spawnError)
    {
        _process = process;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _stderr = new StderrTail(options.StderrLines, options.StderrLineChars);
        _output = Channel.CreateBounded<AgentOutput>(new BoundedChannelOptions(options.OutputCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _input = Channel.CreateBounded<string>(new BoundedChannelOptions(options.InputCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

        if (process is null)
        {
            _output.Writer.TryComplete();
            _input.Writer.TryComplete();
            Completion = Task.FromResult(AgentExitResult.SpawnFailed(spawnError ?? "the agent could not be started"));
            return;
        }

        ProcessId = process.Id;
        _exit = process.WaitForExitAsync(CancellationToken.None);
        _stdoutPump = PumpStdoutAsync(process.StandardOutput.BaseStream);
        _stderrPump = PumpStderrAsync(process.StandardError.BaseStream);
        _stdinPump = PumpStdinAsync(process.StandardInput.BaseStream);
        Completion = CompleteAsync();
    }

    /// <summary>The child's process id, or 0 when it never started.</summary>
    public int ProcessId { get; }

    /// <summary>True when the child was started.</summary>
    public bool Started => _process is not null;

    /// <summary>Stdout lines in order, then completion when stdout closes.</summary>
    public ChannelReader<AgentOutput> Output => _output.Reader;

    /// <summary>The exit result, set after the child exited and its output was read.</summary>
    public Task<AgentExitResult> Completion { get; }

    /// <summary>The last stderr lines so far, oldest first.</summary>
    public IReadOnlyList<string> StderrTail => _stderr.Snapshot();

    /// <summary>Starts a child. A spawn failure does not throw: the returned process has a failed <see cref="Completion"/>.</summary>
    public static AgentProcess Start(AgentStartInfo startInfo, AgentProcessOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        options ??= AgentProcessOptions.Default;
        timeProvider ??= TimeProvider.System;
        logger ??= NullLogger.Instance;

        var info = new ProcessStartInfo(startInfo.FileName)
        {
            WorkingDirectory = startInfo.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in startInfo.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in startInfo.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            process.Dispose();
            var error = $"cannot start {startInfo.FileName} in {startInfo.WorkingDirectory}: {ex.Message}";
            Log.SpawnFailed(logger, startInfo.FileName, ex.Message);
            return new AgentProcess(null, options, timeProvider, logger, error);
        }

        Log.Started(logger, process.Id, startInfo.FileName);
        return new AgentProcess(process, options, timeProvider, logger, null);
    }

    /// <summary>Queues one JSON line for the child's stdin; false when stdin is closed (the child exited or input completed).</summary>
    /// <exception cref="ArgumentException">The line contains a newline.</exception>
    public async ValueTask<bool> WriteLineAsync(string json, CancellationToken cancellationToken)
    {
        if (json.Contains('\n'))
        {
            throw new ArgumentException("A stdin message must be a single line.", nameof(json));
        }

        while (await _input.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_input.Writer.TryWrite(json))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Closes stdin once the queued messages are written, so the child sees end of input.</summary>
    public void CompleteInput() => _input.Writer.TryComplete();

    /// <summary>Sends SIGTERM, waits up to <paramref name="grace"/>, then kills the whole process tree; returns the exit result.</summary>
    public async Task<AgentExitResult> StopAsync(TimeSpan? grace, CancellationToken cancellationToken)
    {
        if (_process is not null && !_exit.IsCompleted)
        {
            var signalled = UnixSignals.TrySend(_process.Id, AgentExitResult.SigTerm);
            Log.Signalled(_logger, _process.Id, AgentExitResult.SigTerm);
            if (!signalled || !await _exit.CompletesWithinAsync(grace ?? _options.StopGrace, _timeProvider, cancellationToken))
            {
                KillTree();
            }
        }

        return await Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Kills the child (and its descendants) if it still runs, stops the pumps and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null && !_exit.IsCompleted)
        {
            KillTree();
        }

        await _disposeCts.CancelAsync();
        await Completion;
        _process?.Dispose();
        _disposeCts.Dispose();
        _readCts.Dispose();
    }

    private void KillTree()
    {
        try
        {
            Log.Killing(_logger, _process!.Id);
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited between the check and the kill.
        }
    }
}
