namespace Tether.Server.Accounts;

/// <summary>A user's membership in an org, with the user's details.</summary>
internal sealed record MemberRecord(string OrgId, string UserId, string Email, string Name, string Role);
