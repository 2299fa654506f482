namespace Tether.Bridge;

/// <summary>Why the bridge loop ended; the CLI maps it to an exit code.</summary>
internal enum BridgeExitKind
{
    /// <summary>Shutdown was requested, or the single session ended.</summary>
    Stopped,

    /// <summary>A fatal answer (401, 403, 404, 410): retrying cannot help.</summary>
    Fatal,

    /// <summary>The server stayed unreachable or failing past the retry budget.</summary>
    GaveUp,
}
