namespace Tether.Server.Auth;

/// <summary>The authenticated user behind a request, scoped to exactly one org.</summary>
internal sealed record Caller(string OrgId, string UserId, string CredentialId, CallerKind Kind, IReadOnlySet<string> Scopes)
{
    public bool Has(string scope) => Scopes.Contains(scope);
}
