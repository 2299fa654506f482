using Tether.Bridge.Sessions;

namespace Tether.Bridge;

/// <summary>An observer that ignores everything (tests, headless use).</summary>
internal sealed class NullBridgeObserver : IBridgeObserver
{
    public static NullBridgeObserver Instance { get; } = new();

    public void StateChanged(BridgeState state, string? detail)
    {
    }

    public void Registered(string environmentId)
    {
    }

    public void SessionStarted(SessionView session)
    {
    }

    public void SessionUpdated(SessionView session)
    {
    }

    public void SessionEnded(SessionView session, SessionOutcome outcome)
    {
    }

    public void Notice(string message)
    {
    }
}
