namespace Tether.Cli.Conversation;

/// <summary>Reads a typed answer to a permission prompt.</summary>
internal static class PermissionAnswers
{
    public const string Hint = "[y]es / [n]o / [a]lways";

    public static PermissionChoice? Parse(string line) => line.Trim().ToLowerInvariant() switch
    {
        "y" or "yes" or "allow" => PermissionChoice.Allow,
        "n" or "no" or "deny" => PermissionChoice.Deny,
        "a" or "always" => PermissionChoice.Always,
        _ => null,
    };
}
