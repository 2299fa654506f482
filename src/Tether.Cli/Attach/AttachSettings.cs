namespace Tether.Cli.Attach;

/// <summary>How one attach runs.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Viewer">Read-only: nothing is ever sent, not even permission answers or interrupts.</param>
/// <param name="HistoryEnd">The session's last sequence number at attach time: frames up to it are history, replayed quietly.</param>
/// <param name="TurnInFlight">A prompt was already sent (by <c>tether remote</c>): end of input waits for its result.</param>
internal sealed record AttachSettings(string SessionId, bool Viewer, long HistoryEnd, bool TurnInFlight = false)
{
    /// <summary>Printed once the session is subscribed and Ctrl+C is handled, so a key pressed after reading it is never lost.</summary>
    public string? Banner { get; init; }

    /// <summary>Silence after a prompt before warning that the session may be unresponsive.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A second Ctrl+C within this window exits.</summary>
    public TimeSpan DoubleInterruptWindow { get; init; } = TimeSpan.FromSeconds(2);
}
