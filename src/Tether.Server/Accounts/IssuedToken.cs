namespace Tether.Server.Accounts;

/// <summary>A freshly created token: the only moment its secret is known to the server.</summary>
internal sealed record IssuedToken(string Id, string Secret, IReadOnlySet<string> Scopes, DateTimeOffset? ExpiresAt);
