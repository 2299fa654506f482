using System.CommandLine;
using Tether.Cli.Commands;
using Tether.Cli.Commands.Admin;

namespace Tether.Cli;

/// <summary>The <c>tether</c> command tree; every verb is one file under <c>Commands/</c>.</summary>
internal static class TetherCli
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Tether: self-hosted Remote Control for terminal AI coding agents.")
        {
            new ServerCommand(),
            new UpCommand(),
            new BridgeCommand(),
            new AgentCommand(),
            new LoginCommand(),
            new LogoutCommand(),
            new AdminCommand(),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        // Ctrl+C and SIGTERM cancel the command's token; the bridge then needs up to its 30 s child grace plus cleanup
        // before the process may exit, so the default two-second termination timeout is far too short.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
    }
}
