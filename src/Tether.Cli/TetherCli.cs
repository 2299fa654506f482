using System.CommandLine;
using Tether.Cli.Commands;
using Tether.Cli.Commands.Admin;
using Tether.Cli.Terminal;

namespace Tether.Cli;

/// <summary>The <c>tether</c> command tree; every verb is one file under <c>Commands/</c>.</summary>
internal static class TetherCli
{
    public static RootCommand BuildRoot(CliHost? host = null)
    {
        host ??= CliHost.System();
        var root = new RootCommand("Tether: self-hosted Remote Control for terminal AI coding agents.")
        {
            new ServerCommand(),
            new UpCommand(),
            new BridgeCommand(),
            new AgentCommand(),
            new LoginCommand(),
            new LogoutCommand(),
            new AdminCommand(),
            new SessionsCommand(host),
            new AttachCommand(host),
            new RemoteCommand(host),
            new TeleportCommand(host),
            new ServeCommand(host),
            new ConnectCommand(host),
            new ReplCommand(host),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost? host = null, CancellationToken cancellationToken = default)
    {
        var parse = BuildRoot(host).Parse(args);
        return await parse.InvokeAsync(Configuration(parse, host), cancellationToken);
    }

    /// <summary>Commands that handle Ctrl+C themselves opt out of System.CommandLine's cancel-on-first-Ctrl+C.</summary>
    public static InvocationConfiguration Configuration(ParseResult parse, CliHost? host)
    {
        // Ctrl+C and SIGTERM cancel the command's token; the bridge then needs up to its 30 s child grace plus cleanup
        // before the process may exit, so the default two-second termination timeout is far too short.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        if (host is not null)
        {
            configuration.Output = host.Out;
            configuration.Error = host.Error;
        }

        if (parse.CommandResult.Command is IHandlesInterrupts)
        {
            configuration.ProcessTerminationTimeout = null;
        }

        return configuration;
    }
}
