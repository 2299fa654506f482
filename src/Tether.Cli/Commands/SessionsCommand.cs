using System.CommandLine;
using Tether.Cli.Commands.Sessions;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary><c>tether sessions [list|show|rename|archive]</c>; without a subcommand it lists.</summary>
internal sealed class SessionsCommand : Command
{
    public SessionsCommand(CliHost host)
        : base("sessions", "List, show, rename and archive sessions")
    {
        ConnectionOptions.AddTo(this);
        var list = new SessionsListCommand(host);
        Subcommands.Add(list);
        Subcommands.Add(new SessionsShowCommand(host));
        Subcommands.Add(new SessionsRenameCommand(host));
        Subcommands.Add(new SessionsArchiveCommand(host));
        foreach (var option in list.Options)
        {
            Options.Add(option);
        }

        SetAction(list.RunAsync);
    }
}
