namespace Tether.Server.Login;

/// <summary>A stored device login request (never its device code, only the hash).</summary>
internal sealed record DeviceCodeRecord(
    string UserCode,
    string? ClientName,
    IReadOnlySet<string> Scopes,
    string Status,
    string? OrgId,
    string? UserId,
    DateTimeOffset ExpiresAt);
