namespace Tether.Cli.Conversation;

/// <summary>An answer to a permission prompt.</summary>
internal enum PermissionChoice
{
    Allow,
    Deny,

    /// <summary>Allow, and keep allowing: the prompt's <c>permission_suggestions</c> go back as <c>updatedPermissions</c>.</summary>
    Always,
}
