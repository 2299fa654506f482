using System.CommandLine;
using Tether.Cli.Rendering;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin users list</c>: every membership, with the user's details.</summary>
internal sealed class UsersListCommand : Command
{
    public UsersListCommand()
        : base("list", "List users and their orgs")
    {
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        var members = await admin.Accounts.ListMembersAsync(null, cancellationToken);
        await admin.Output.WriteAsync(TextTable.Render(
            ["EMAIL", "NAME", "USER", "ORG", "ROLE"],
            members.Select(m => (IReadOnlyList<string>)[m.Email, m.Name, m.UserId, m.OrgId, m.Role])));
        return ExitCodes.Ok;
    }
}
