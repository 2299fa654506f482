namespace Tether.Server.Accounts;

/// <summary>A stored API token (never the secret itself).</summary>
internal sealed record TokenRecord(
    string Id,
    string OrgId,
    string UserId,
    string Name,
    IReadOnlySet<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);
