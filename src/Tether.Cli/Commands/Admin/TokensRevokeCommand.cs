using System.CommandLine;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin tokens revoke ID</c>: the token stops working at once.</summary>
internal sealed class TokensRevokeCommand : Command
{
    private static readonly Argument<string> s_id = new("ID") { Description = "The token's id (tok_…)" };

    public TokensRevokeCommand()
        : base("revoke", "Revoke an API token")
    {
        Arguments.Add(s_id);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        var id = parse.GetValue(s_id)!;
        var token = await admin.Accounts.FindTokenAsync(id, cancellationToken);
        if (token is null)
        {
            await admin.Error.WriteLineAsync($"Unknown token '{id}': see `tether admin tokens list`.");
            return ExitCodes.Fatal;
        }

        await admin.Accounts.RevokeTokenAsync(token.OrgId, id, cancellationToken);
        await admin.Output.WriteLineAsync(token.RevokedAt is null ? $"Revoked {id}." : $"{id} was already revoked.");
        return ExitCodes.Ok;
    }
}
