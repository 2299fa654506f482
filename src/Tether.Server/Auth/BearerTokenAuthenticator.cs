using Microsoft.AspNetCore.Http;
using Tether.Server.Accounts;

namespace Tether.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;API token&gt;</c>.</summary>
internal sealed class BearerTokenAuthenticator(AccountStore accounts, TimeProvider timeProvider) : ICallerAuthenticator
{
    public async Task<AuthOutcome?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (BearerToken.From(context.Request) is not { } secret || !secret.StartsWith(TokenPrefixes.ApiToken, StringComparison.Ordinal)
            && !IsBootstrapShaped(secret))
        {
            return null;
        }

        var token = await accounts.FindTokenBySecretAsync(secret, cancellationToken);
        if (token is null)
        {
            return AuthOutcome.Fail("Invalid API token. Run `tether login` to get a new one.");
        }

        if (token.RevokedAt is not null)
        {
            return AuthOutcome.Fail("This API token was revoked. Run `tether login` to get a new one.");
        }

        if (token.ExpiresAt is { } expires && expires <= timeProvider.GetUtcNow())
        {
            return AuthOutcome.Fail("This API token has expired. Run `tether login` to get a new one.");
        }

        return AuthOutcome.Success(new Caller(token.OrgId, token.UserId, token.Id, CallerKind.ApiToken, token.Scopes));
    }

    // Bootstrap tokens are chosen by the operator and need not carry our prefix; other credential kinds do.
    private static bool IsBootstrapShaped(string secret) => !secret.StartsWith("tether_", StringComparison.Ordinal) && !secret.Contains('.');
}
