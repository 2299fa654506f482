using System.CommandLine;
using Tether.Server.Accounts;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin tokens create --user EMAIL</c>: prints the new secret once.</summary>
internal sealed class TokensCreateCommand : Command
{
    private static readonly Option<string> s_user = new("--user") { Description = "The user's email", Required = true };

    private static readonly Option<string?> s_org = new("--org") { Description = "Org id (default: the user's only org)" };

    private static readonly Option<string?> s_scopes = new("--scopes") { Description = "Space-separated scopes (default: \"read write remote_control\")" };

    private static readonly Option<int?> s_expiresInDays = new("--expires-in-days") { Description = "Lifetime in days (default: no expiry)" };

    private static readonly Option<string?> s_name = new("--name") { Description = "A name to recognise the token by (default: admin)" };

    public TokensCreateCommand()
        : base("create", "Create an API token for a user")
    {
        Options.Add(s_user);
        Options.Add(s_org);
        Options.Add(s_scopes);
        Options.Add(s_expiresInDays);
        Options.Add(s_name);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var scopes = parse.GetValue(s_scopes) is { } given ? Scopes.Parse(given) : Scopes.DefaultUser.ToHashSet();
        if (scopes.Count == 0 || scopes.FirstOrDefault(s => !Scopes.IsKnown(s)) is { } unknown)
        {
            await error.WriteLineAsync($"--scopes takes scopes from: {Scopes.Join(Scopes.All)}.");
            return ExitCodes.Usage;
        }

        if (parse.GetValue(s_expiresInDays) is < 1)
        {
            await error.WriteLineAsync("--expires-in-days must be at least 1.");
            return ExitCodes.Usage;
        }

        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        if (await admin.RequireUserAsync(parse.GetValue(s_user)!, cancellationToken) is not { } user
            || await admin.RequireOrgOfAsync(user, parse.GetValue(s_org), cancellationToken) is not { } orgId)
        {
            return ExitCodes.Fatal;
        }

        TimeSpan? lifetime = parse.GetValue(s_expiresInDays) is { } days ? TimeSpan.FromDays(days) : null;
        var token = await admin.Accounts.CreateTokenAsync(orgId, user.Id, parse.GetValue(s_name) ?? "admin", scopes, lifetime, cancellationToken);
        await admin.Output.WriteLineAsync(
            $"Created token {token.Id} for {user.Email} in org {orgId} (scopes: {Scopes.Join(token.Scopes)}"
            + $"{(token.ExpiresAt is { } e ? $", expires {e:u}" : "")}). The secret is shown only this once:");
        await admin.Output.WriteLineAsync(token.Secret);
        return ExitCodes.Ok;
    }
}
