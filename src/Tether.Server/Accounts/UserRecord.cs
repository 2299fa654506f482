namespace Tether.Server.Accounts;

/// <summary>A stored user.</summary>
internal sealed record UserRecord(string Id, string Email, string Name, DateTimeOffset CreatedAt);
