using System.Diagnostics;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>Runs one prompt as <c>/bin/sh -c</c> in the working directory, collecting its merged output.</summary>
internal sealed class ShellCommand(BuiltinAgentOptions options, TimeProvider timeProvider)
{
    // How long the output pumps may take to drain after the group is gone (only a process that left the group,
    // e.g. through its own setsid, can still hold the pipes).
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="command"/>; cancelling <paramref name="interrupt"/> stops it and reports it as interrupted.</summary>
    public async Task<ShellResult> RunAsync(string command, CancellationToken interrupt, CancellationToken stopping)
    {
        var setsid = ProcessGroup.SetsidPath;
        var start = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            WorkingDirectory = options.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start.");
        var group = new ProcessGroup(process, ownsGroup: setsid is not null);

        // stdin is the agent's protocol stream; a command must never read from it.
        process.StandardInput.Close();
        var output = new CappedOutput(options.MaxOutputBytes);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, output, drain.Token),
            PumpAsync(process.StandardError.BaseStream, output, drain.Token));

        var interrupted = false;
        try
        {
            try
            {
                await process.WaitForExitAsync(interrupt);
            }
            catch (OperationCanceledException) when (interrupt.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                interrupted = true;
                await group.TerminateAsync(options.KillGrace, timeProvider, stopping);
                await process.WaitForExitAsync(stopping);
            }
        }
        finally
        {
            group.KillRemaining();
            await DrainAsync(pumps, drain);
        }

        return new ShellResult(process.ExitCode, output.ToString(), output.Truncated, interrupted);
    }

    private async Task DrainAsync(Task pumps, CancellationTokenSource drain)
    {
        try
        {
            await pumps.WaitAsync(s_drainTimeout, timeProvider);
        }
        catch (TimeoutException)
        {
            await drain.CancelAsync();
            await pumps;
        }
    }

    private static async Task PumpAsync(Stream stream, CappedOutput output, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                output.Append(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Drain timeout or shutdown: keep what arrived.
        }
    }
}
