namespace Tether.Bridge;

/// <summary>How the bridge loop ended, with a message that says what to do when it failed.</summary>
internal sealed record BridgeExit(BridgeExitKind Kind, string? Message)
{
    public static BridgeExit Stopped { get; } = new(BridgeExitKind.Stopped, null);
}
