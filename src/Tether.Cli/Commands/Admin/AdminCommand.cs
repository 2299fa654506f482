using System.CommandLine;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin</c>: users, orgs, tokens and login links, straight from a server's data directory.</summary>
internal sealed class AdminCommand : Command
{
    public AdminCommand()
        : base("admin", "Manage users, orgs and tokens in a server's data directory")
    {
        Options.Add(AdminContext.DataOption);
        Options.Add(AdminContext.DatabaseOption);
        Subcommands.Add(new Command("users", "Users and their org memberships") { new UsersAddCommand(), new UsersListCommand() });
        Subcommands.Add(new Command("orgs", "Orgs") { new OrgsAddCommand(), new OrgsListCommand() });
        Subcommands.Add(new Command("tokens", "API tokens") { new TokensCreateCommand(), new TokensListCommand(), new TokensRevokeCommand() });
        Subcommands.Add(new LoginLinkCommand());
    }
}
