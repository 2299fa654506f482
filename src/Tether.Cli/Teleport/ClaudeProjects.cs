using System.Text.RegularExpressions;

namespace Tether.Cli.Teleport;

/// <summary>Where Claude Code keeps a directory's sessions: <c>$CLAUDE_CONFIG_DIR</c> (or <c>~/.claude</c>)<c>/projects/&lt;cwd&gt;</c>.</summary>
internal static partial class ClaudeProjects
{
    public static string ConfigDirectory(Func<string, string?> environment) =>
        environment("CLAUDE_CONFIG_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude");

    /// <summary>The project directory for <paramref name="cwd"/>: every character but letters and digits becomes <c>-</c>, as claude does.</summary>
    public static string ProjectDirectory(Func<string, string?> environment, string cwd) =>
        Path.Combine(ConfigDirectory(environment), "projects", NotAlphanumeric().Replace(cwd, "-"));

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NotAlphanumeric();
}
