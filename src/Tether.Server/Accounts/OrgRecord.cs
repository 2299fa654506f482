namespace Tether.Server.Accounts;

/// <summary>A stored org.</summary>
internal sealed record OrgRecord(string Id, string Name, DateTimeOffset CreatedAt);
