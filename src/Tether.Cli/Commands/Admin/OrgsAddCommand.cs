using System.CommandLine;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin orgs add NAME</c>.</summary>
internal sealed class OrgsAddCommand : Command
{
    private static readonly Argument<string> s_name = new("NAME") { Description = "The org's name" };

    public OrgsAddCommand()
        : base("add", "Create an org")
    {
        Arguments.Add(s_name);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(s_name)!.Trim();
        if (name.Length == 0)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync("The org needs a name.");
            return ExitCodes.Usage;
        }

        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        var id = await admin.Accounts.CreateOrgAsync(name, cancellationToken);
        await admin.Output.WriteLineAsync($"Created org {id} ({name}). Add its owner: tether admin users add EMAIL --org {id} --role owner");
        return ExitCodes.Ok;
    }
}
