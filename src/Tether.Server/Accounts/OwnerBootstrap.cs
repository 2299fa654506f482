namespace Tether.Server.Accounts;

/// <summary>
/// Creates the first org and its owner on an empty store, so a fresh server is usable at once: with
/// <c>TETHER_BOOTSTRAP_TOKEN</c> the owner gets that API token; without it, <c>tether up</c> prints a login link instead.
/// </summary>
internal sealed class OwnerBootstrap(AccountStore accounts)
{
    public const string OwnerEmail = "owner@localhost";

    /// <summary>Returns the owner's org and user, creating them (and the token, if given) when the store has no org.</summary>
    public async Task<(string OrgId, string UserId, bool Created)> EnsureOwnerAsync(string? bootstrapToken, CancellationToken cancellationToken)
    {
        if (await accounts.HasAnyOrgAsync(cancellationToken))
        {
            var existing = await accounts.FindOwnerAsync(cancellationToken);
            return (existing.OrgId, existing.UserId, false);
        }

        var orgId = await accounts.CreateOrgAsync("default", cancellationToken);
        var userId = await accounts.EnsureUserAsync(OwnerEmail, "Owner", cancellationToken);
        await accounts.AddMembershipAsync(orgId, userId, Roles.Owner, cancellationToken);
        if (!string.IsNullOrEmpty(bootstrapToken))
        {
            await accounts.CreateTokenAsync(orgId, userId, "bootstrap", Scopes.All, lifetime: null, cancellationToken, bootstrapToken);
        }

        return (orgId, userId, true);
    }
}
