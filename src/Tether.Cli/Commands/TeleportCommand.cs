using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using Tether.Bridge.Agents;
using Tether.Bridge.Worktrees;
using Tether.Cli.Commands.Sessions;
using Tether.Cli.Connection;
using Tether.Cli.Teleport;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary><c>tether teleport ID</c>: pull a session into this checkout (its branch and transcript) and resume it in claude.</summary>
internal sealed class TeleportCommand : Command, IHandlesInterrupts
{
    private static readonly Argument<string> s_id = new("id") { Description = "Session id" };
    private static readonly Option<bool> s_noStart = new("--no-start") { Description = "Print the claude command instead of starting it" };
    private static readonly Option<string?> s_claude = new("--claude") { Description = "The claude executable (default: claude on PATH)" };

    private readonly CliHost _host;

    public TeleportCommand(CliHost host)
        : base("teleport", "Continue a session here: check out its branch, write its transcript, resume it in claude")
    {
        _host = host;
        Arguments.Add(s_id);
        Options.Add(s_noStart);
        Options.Add(s_claude);
        ConnectionOptions.AddTo(this);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var teleporter = new Teleporter(_host, clients.Sessions(), clients.Login, new GitRunner());
            var (localId, error) = await teleporter.RunAsync(parse.GetRequiredValue(s_id), cancellationToken);
            if (error is not null)
            {
                await _host.Error.WriteLineAsync(error.Message);
                return error.ExitCode;
            }

            var claude = parse.GetValue(s_claude) ?? AgentHost.Current().FindOnPath("claude");
            if (parse.GetValue(s_noStart) || claude is null)
            {
                await _host.Out.WriteLineAsync($"Resume it with: claude --resume {localId}");
                return ExitCodes.Ok;
            }

            return await StartClaudeAsync(claude, localId!, cancellationToken);
        }, cancellationToken);

    private async Task<int> StartClaudeAsync(string claude, string localId, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(claude) { WorkingDirectory = _host.CurrentDirectory, UseShellExecute = false };
        info.ArgumentList.Add("--resume");
        info.ArgumentList.Add(localId);
        try
        {
            using var process = Process.Start(info)!;
            // Ctrl+C reaches claude through the terminal's process group; this process only waits for it.
            using var ignoreInterrupts = _host.Interrupts.Subscribe(() => { });
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
        catch (Win32Exception ex)
        {
            await _host.Error.WriteLineAsync($"Cannot start {claude}: {ex.Message}. Resume it with: claude --resume {localId}");
            return ExitCodes.Fatal;
        }
    }
}
