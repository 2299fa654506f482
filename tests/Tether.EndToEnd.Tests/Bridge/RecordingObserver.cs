using System.Collections.Concurrent;
using Tether.Bridge;
using Tether.Bridge.Sessions;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>Keeps what the bridge reported, for assertions.</summary>
internal sealed class RecordingObserver : IBridgeObserver
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentDictionary<string, SessionOutcome> Ended { get; } = new();

    public ConcurrentDictionary<string, SessionView> Started { get; } = new();

    public void StateChanged(BridgeState state, string? detail) => Lines.Enqueue($"state {state} {detail}");

    public void Registered(string environmentId) => Lines.Enqueue($"registered {environmentId}");

    public void SessionStarted(SessionView session)
    {
        Started[session.SessionId] = session;
        Lines.Enqueue($"started {session.SessionId}");
    }

    public void SessionUpdated(SessionView session)
    {
    }

    public void SessionEnded(SessionView session, SessionOutcome outcome)
    {
        Ended[session.SessionId] = outcome;
        Lines.Enqueue($"ended {session.SessionId} {outcome.Status}");
    }

    public void Notice(string message) => Lines.Enqueue(message);
}
