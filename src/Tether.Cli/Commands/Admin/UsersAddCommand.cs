using System.CommandLine;
using Tether.Server.Accounts;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin users add EMAIL</c>: creates the user (if new) and adds it to an org.</summary>
internal sealed class UsersAddCommand : Command
{
    private static readonly Argument<string> s_email = new("EMAIL") { Description = "The user's email" };

    private static readonly Option<string?> s_name = new("--name") { Description = "Display name (default: the email's local part)" };

    private static readonly Option<string?> s_org = new("--org") { Description = "Org id (default: the only org; a new 'default' org on an empty store)" };

    private static readonly Option<string?> s_role = new("--role") { Description = "member, admin or owner (default: member; owner of a new org)" };

    public UsersAddCommand()
        : base("add", "Add a user to an org")
    {
        Arguments.Add(s_email);
        Options.Add(s_name);
        Options.Add(s_org);
        Options.Add(s_role);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var email = parse.GetValue(s_email)!.Trim();
        var role = parse.GetValue(s_role);
        if (!email.Contains('@', StringComparison.Ordinal) || (role is not null && !Roles.IsKnown(role)))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(role is not null && !Roles.IsKnown(role)
                ? $"--role must be member, admin or owner, not '{role}'."
                : $"'{email}' is not an email address.");
            return ExitCodes.Usage;
        }

        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        var orgs = await admin.Accounts.ListOrgsAsync(cancellationToken);
        var createdOrg = false;
        string orgId;
        if (parse.GetValue(s_org) is { } given)
        {
            if (orgs.All(o => o.Id != given))
            {
                await admin.Error.WriteLineAsync($"Unknown org '{given}': see `tether admin orgs list`.");
                return ExitCodes.Fatal;
            }

            orgId = given;
        }
        else if (orgs.Count == 1)
        {
            orgId = orgs[0].Id;
        }
        else if (orgs.Count == 0)
        {
            orgId = await admin.Accounts.CreateOrgAsync("default", cancellationToken);
            createdOrg = true;
        }
        else
        {
            await admin.Error.WriteLineAsync($"There are several orgs ({string.Join(", ", orgs.Select(o => o.Id))}): pass --org.");
            return ExitCodes.Usage;
        }

        // A new org needs an owner, or nobody could manage it; its first user is that owner unless told otherwise.
        role ??= createdOrg ? Roles.Owner : Roles.Member;
        var userId = await admin.Accounts.EnsureUserAsync(email, parse.GetValue(s_name) ?? email[..email.IndexOf('@', StringComparison.Ordinal)], cancellationToken);
        await admin.Accounts.AddMembershipAsync(orgId, userId, role, cancellationToken);
        await admin.Output.WriteLineAsync($"{email} ({userId}) is now {role} of org {orgId}{(createdOrg ? " (new org 'default')" : "")}.");
        return ExitCodes.Ok;
    }
}
