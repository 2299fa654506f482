using Tether.Bridge;
using Tether.Bridge.Sessions;

namespace Tether.Cli.Rendering;

/// <summary>
/// The status view when stdout is not a terminal: one plain line (no ANSI) per state change, session start and session
/// end. Repeated states are not repeated, so an outage prints one line when it starts and one when it ends.
/// </summary>
internal sealed class PlainStatusLog(TextWriter output, Uri server, TimeProvider timeProvider) : IBridgeObserver
{
    private readonly Lock _lock = new();
    private BridgeState? _state;

    public void StateChanged(BridgeState state, string? detail)
    {
        lock (_lock)
        {
            if (_state == state && detail is null)
            {
                return;
            }

            _state = state;
        }

        Write($"bridge {state.ToString().ToLowerInvariant()}{(detail is null ? "" : ": " + detail)}");
    }

    public void Registered(string environmentId) =>
        Write($"registered environment {environmentId}; connect at {BridgeUrls.Environment(server, environmentId)}");

    public void SessionStarted(SessionView session) => Write($"session {session.SessionId} started in {session.Directory ?? "(preparing)"}");

    public void SessionUpdated(SessionView session)
    {
    }

    public void SessionEnded(SessionView session, SessionOutcome outcome) =>
        Write($"session {session.SessionId} ended: {outcome.Status.ToString().ToLowerInvariant()}{(outcome.Error is null ? "" : " (" + outcome.Error + ")")}");

    public void Notice(string message) => Write(message);

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine($"{timeProvider.GetLocalNow():HH:mm:ss} {line}");
            output.Flush();
        }
    }
}
