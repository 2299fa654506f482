namespace Tether.Bridge.Agents.Builtin;

/// <summary>Claude Code's permission modes; only <see cref="BypassPermissions"/> changes what the built-in agent does.</summary>
internal static class PermissionModes
{
    public const string Default = "default";
    public const string AcceptEdits = "acceptEdits";
    public const string BypassPermissions = "bypassPermissions";
    public const string Plan = "plan";
    public const string DontAsk = "dontAsk";

    public static readonly IReadOnlyList<string> All = [Default, AcceptEdits, BypassPermissions, Plan, DontAsk];

    public static bool IsKnown(string mode) => All.Contains(mode, StringComparer.Ordinal);
}
