using Tether.Bridge.Credentials;
using Tether.Bridge.Sessions;

namespace Tether.Bridge;

/// <summary>A running session as the loop tracks it: its current work item and token change on every re-dispatch.</summary>
internal sealed class ActiveSession(string sessionId, string workId, string token, SessionRunner runner, SessionView view, TokenRefreshOptions refresh)
{
    private string _workId = workId;
    private string _token = token;

    public string SessionId { get; } = sessionId;

    public SessionRunner Runner { get; } = runner;

    public SessionView View { get; } = view;

    public string WorkId => Volatile.Read(ref _workId);

    public string Token => Volatile.Read(ref _token);

    /// <summary>When to ask for a fresh token ahead of the current one's expiry.</summary>
    public TokenRefreshSchedule Refresh { get; } = new(refresh);

    /// <summary>The task that runs the session and its cleanup; the loop awaits it.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>When a <c>bridge/reconnect</c> was last asked for, to ask at most once per interval.</summary>
    public DateTimeOffset? ReconnectRequestedAt { get; set; }

    /// <summary>Set when the transport or a heartbeat saw the token rejected.</summary>
    public bool NeedsReconnect { get; set; }

    public void Redispatched(string workId, string token)
    {
        Volatile.Write(ref _workId, workId);
        Volatile.Write(ref _token, token);
    }
}
