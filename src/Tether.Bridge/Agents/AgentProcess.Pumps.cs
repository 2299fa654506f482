using Microsoft.Extensions.Logging;
using Tether.Protocol.Framing;

namespace Tether.Bridge.Agents;

internal sealed partial class AgentProcess
{
    private async Task PumpStdoutAsync(Stream stdout)
    {
        try
        {
            await using var reader = JsonLinesReader.Create(stdout, _options.MaxLineBytes);
            while (true)
            {
                var line = await reader.ReadAsync(_readCts.Token);
                if (line.Kind == JsonLineKind.EndOfStream)
                {
                    break;
                }

                Interlocked.Add(ref _bytesRead, line.Length + 1);
                var item = AgentOutput.From(line);
                if (item.Kind != AgentOutputKind.Line)
                {
                    Log.BadLine(_logger, ProcessId, item.Kind, item.Length);
                }

                _stdoutWaitingForConsumer = true;
                await _output.Writer.WriteAsync(item, _disposeCts.Token);
                _stdoutWaitingForConsumer = false;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            Log.PumpStopped(_logger, ProcessId, "stdout", ex.GetType().Name);
        }
        finally
        {
            _stdoutWaitingForConsumer = false;
            _output.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync(Stream stderr)
    {
        try
        {
            // A generous cap: stderr lines are cut for the ring anyway, this only bounds memory.
            await using var reader = JsonLinesReader.Create(stderr, 64 * 1024);
            while (true)
            {
                var line = await reader.ReadAsync(_readCts.Token);
                if (line.Kind == JsonLineKind.EndOfStream)
                {
                    break;
                }

                Interlocked.Add(ref _bytesRead, line.Length + 1);
                _stderr.Add(line.Kind == JsonLineKind.LineTooLong ? $"[stderr line of {line.Length} bytes omitted]" : line.GetString());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            Log.PumpStopped(_logger, ProcessId, "stderr", ex.GetType().Name);
        }
    }

    private async Task PumpStdinAsync(Stream stdin)
    {
        try
        {
            using var writer = new JsonLinesWriter(stdin);
            await foreach (var line in _input.Reader.ReadAllAsync(_disposeCts.Token))
            {
                await writer.WriteLineAsync(line, _disposeCts.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The child closed stdin or exited; later writes report false.
            Log.PumpStopped(_logger, ProcessId, "stdin", ex.GetType().Name);
        }
        finally
        {
            _input.Writer.TryComplete();
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
                // Broken pipe on the final flush: the child is gone.
            }
        }
    }

    private async Task<AgentExitResult> CompleteAsync()
    {
        await _exit;
        await DrainAsync();
        _input.Writer.TryComplete();
        await _disposeCts.CancelAsync();
        await _stdinPump;

        var result = AgentExitResult.FromExitCode(_process!.ExitCode, _stderr.Snapshot());
        Log.Exited(_logger, ProcessId, result.ExitCode ?? -1, result.Status);
        return result;
    }

    // Waits for both output pumps. A pump blocked on a slow consumer is fine to wait for; a pipe that stays silent
    // after the child exited is held open by a grandchild, so the readers are cancelled instead of waiting forever.
    private async Task DrainAsync()
    {
        var pumps = Task.WhenAll(_stdoutPump, _stderrPump);
        var lastBytes = Interlocked.Read(ref _bytesRead);
        while (!await pumps.CompletesWithinAsync(_options.DrainIdleTimeout, _timeProvider, CancellationToken.None))
        {
            var bytes = Interlocked.Read(ref _bytesRead);
            if (bytes == lastBytes && !_stdoutWaitingForConsumer)
            {
                Log.DrainAbandoned(_logger, ProcessId);
                await _readCts.CancelAsync();
            }

            lastBytes = bytes;
        }

        await pumps;
    }
}
