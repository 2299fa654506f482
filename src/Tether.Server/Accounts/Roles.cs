namespace Tether.Server.Accounts;

/// <summary>Membership roles within an org.</summary>
internal static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsKnown(string role) => role is Owner or Admin or Member;
}
