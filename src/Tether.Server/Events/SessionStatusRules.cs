using Tether.Protocol.Sessions;

namespace Tether.Server.Events;

/// <summary>
/// How a session's status moves. v1 (no registered worker): the events of a turn move it between idle and running.
/// v2 (a code-sessions worker registered, epoch &gt; 0): the worker's own report (<c>PUT …/worker</c>) decides, and events
/// never move it, as on the reference server (remote-protocol §6). In both, open permission prompts mean requires_action:
/// a <c>can_use_tool</c> in the log is a fact whatever the worker reported.
/// </summary>
internal static class SessionStatusRules
{
    public static string Next(string current, IncomingEvent incoming, EventSource source) => (source, incoming.Type) switch
    {
        (EventSource.Client, "user") => SessionStatuses.Running,
        (EventSource.Worker, "result") => SessionStatuses.Idle,
        (EventSource.Worker, "assistant" or "user" or "stream_event") => SessionStatuses.Running,
        _ => current,
    };

    /// <summary>Open permission prompts override the turn state.</summary>
    public static string Resolve(string turnStatus, long pendingPrompts) =>
        pendingPrompts > 0 ? SessionStatuses.RequiresAction
        : turnStatus == SessionStatuses.RequiresAction ? SessionStatuses.Running
        : turnStatus;

    /// <summary>The status of a session with a v2 worker: its reported status, unless a prompt is open or the session is archived.</summary>
    public static string ForWorker(string? workerStatus, string current, long pendingPrompts) =>
        current == SessionStatuses.Archived ? current
        : pendingPrompts > 0 ? SessionStatuses.RequiresAction
        : workerStatus ?? (current == SessionStatuses.RequiresAction ? SessionStatuses.Running : current);
}
