using System.CommandLine;
using System.Globalization;
using Tether.Cli.Rendering;
using Tether.Server.Accounts;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin tokens list</c>: every token of every org (never the secrets).</summary>
internal sealed class TokensListCommand : Command
{
    public TokensListCommand()
        : base("list", "List API tokens")
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

        var users = (await admin.Accounts.ListMembersAsync(null, cancellationToken)).ToDictionary(m => (m.OrgId, m.UserId), m => m.Email);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var org in await admin.Accounts.ListOrgsAsync(cancellationToken))
        {
            foreach (var token in await admin.Accounts.ListTokensAsync(org.Id, null, cancellationToken))
            {
                rows.Add([
                    token.Id, token.Name, users.GetValueOrDefault((token.OrgId, token.UserId), token.UserId), token.OrgId, Scopes.Join(token.Scopes),
                    token.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never",
                    token.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"]);
            }
        }

        await admin.Output.WriteAsync(TextTable.Render(["ID", "NAME", "USER", "ORG", "SCOPES", "EXPIRES", "REVOKED"], rows));
        return ExitCodes.Ok;
    }
}
