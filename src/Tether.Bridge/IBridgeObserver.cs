using Tether.Bridge.Sessions;

namespace Tether.Bridge;

/// <summary>What the status view learns from the bridge loop. Called from the loop's tasks; implementations must be thread-safe and quick.</summary>
internal interface IBridgeObserver
{
    void StateChanged(BridgeState state, string? detail);

    void Registered(string environmentId);

    void SessionStarted(SessionView session);

    /// <summary>The session's title or activity changed.</summary>
    void SessionUpdated(SessionView session);

    void SessionEnded(SessionView session, SessionOutcome outcome);

    /// <summary>A message for the user (a warning or a step of the shutdown).</summary>
    void Notice(string message);
}
