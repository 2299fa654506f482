namespace Tether.Protocol.Environments;

/// <summary>Known values of <see cref="EnvironmentMetadata.WorkerType"/>; servers treat the field as an opaque filter.</summary>
public static class WorkerTypes
{
    /// <summary>A Claude Code bridge.</summary>
    public const string ClaudeCode = "claude_code";

    /// <summary>A Claude Code bridge in assistant mode.</summary>
    public const string ClaudeCodeAssistant = "claude_code_assistant";
}
