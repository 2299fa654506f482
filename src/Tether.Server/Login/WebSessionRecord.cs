namespace Tether.Server.Login;

/// <summary>A stored browser session, keyed by the hash of its cookie value.</summary>
internal sealed record WebSessionRecord(string IdHash, string OrgId, string UserId, string CsrfToken, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);
