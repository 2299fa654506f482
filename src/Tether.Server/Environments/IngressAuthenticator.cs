using Microsoft.AspNetCore.Http;
using Tether.Server.Accounts;
using Tether.Server.Auth;

namespace Tether.Server.Environments;

/// <summary>
/// Checks worker credentials. Ack and heartbeat take only the ingress token issued for that work item; session ingress
/// also takes a user API token with the write scope (the reference v1 REPL and a long-running child use OAuth there).
/// </summary>
internal sealed class IngressAuthenticator(IngressTokenStore tokens, RequestAuthenticator users, TimeProvider timeProvider)
{
    public async Task<(IngressToken? Token, IngressAuthFailure? Failure)> AuthenticateWorkAsync(
        HttpContext context, string environmentId, string workId, CancellationToken cancellationToken)
    {
        var (token, failure) = await FindTokenAsync(context, cancellationToken);
        if (token is null)
        {
            return (null, failure ?? IngressAuthFailure.Unauthorized("Send the session_ingress_token from the work secret as `Authorization: Bearer`."));
        }

        return token.EnvironmentId == environmentId && token.WorkId == workId
            ? (token, null)
            : (null, IngressAuthFailure.Forbidden("This session ingress token was issued for another work item."));
    }

    public async Task<(IngressPrincipal? Principal, IngressAuthFailure? Failure)> AuthenticateSessionAsync(
        HttpContext context, string sessionId, CancellationToken cancellationToken)
    {
        if (BearerToken.From(context.Request) is { } secret && secret.StartsWith(TokenPrefixes.SessionIngress, StringComparison.Ordinal))
        {
            var (token, failure) = await FindTokenAsync(context, cancellationToken);
            if (token is null)
            {
                return (null, failure);
            }

            return token.SessionId == sessionId
                ? (new IngressPrincipal(token.OrgId, token.Id, IngressTokenExpiresAt: token.ExpiresAt), null)
                : (null, IngressAuthFailure.Forbidden("This session ingress token was issued for another session."));
        }

        var outcome = await users.AuthenticateAsync(context, cancellationToken);
        if (outcome.Caller is not { } caller)
        {
            return (null, IngressAuthFailure.Unauthorized(outcome.Failure!));
        }

        return caller.Has(Scopes.Write)
            ? (new IngressPrincipal(caller.OrgId, caller.UserId, UserCredentialId: caller.CredentialId), null)
            : (null, IngressAuthFailure.Forbidden($"This token lacks the '{Scopes.Write}' scope."));
    }

    private async Task<(IngressToken? Token, IngressAuthFailure? Failure)> FindTokenAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (BearerToken.From(context.Request) is not { } secret || !secret.StartsWith(TokenPrefixes.SessionIngress, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var token = await tokens.FindAsync(secret, cancellationToken);
        if (token is null)
        {
            return (null, IngressAuthFailure.Unauthorized("Unknown session ingress token."));
        }

        return token.ExpiresAt <= timeProvider.GetUtcNow()
            ? (null, IngressAuthFailure.Unauthorized("The session ingress token has expired; reconnect the session for a new one."))
            : (token, null);
    }
}
