namespace Tether.Bridge.Activity;

/// <summary>What a session is doing, as shown in the status view.</summary>
internal enum ActivityKind
{
    /// <summary>A tool started (for example "Running ls -la").</summary>
    ToolStart,

    /// <summary>The agent wrote text.</summary>
    Text,

    /// <summary>The turn finished successfully.</summary>
    Result,

    /// <summary>The turn ended with an error.</summary>
    Error,
}
