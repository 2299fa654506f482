using System.CommandLine;
using System.Globalization;
using Tether.Cli.Rendering;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin orgs list</c>.</summary>
internal sealed class OrgsListCommand : Command
{
    public OrgsListCommand()
        : base("list", "List orgs")
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

        var orgs = await admin.Accounts.ListOrgsAsync(cancellationToken);
        await admin.Output.WriteAsync(TextTable.Render(
            ["ID", "NAME", "CREATED"],
            orgs.Select(o => (IReadOnlyList<string>)[o.Id, o.Name, o.CreatedAt.ToString("u", CultureInfo.InvariantCulture)])));
        return ExitCodes.Ok;
    }
}
