namespace Tether.Bridge.Agents.Builtin;

/// <summary>How a command ended: its exit code, merged stdout and stderr (capped), and whether it was interrupted.</summary>
internal sealed record ShellResult(int ExitCode, string Output, bool Truncated, bool Interrupted);
