using Tether.Protocol.Sessions;

namespace Tether.Server.Events;

/// <summary>How the events of a turn move a session between idle and running (pending prompts decide requires_action).</summary>
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
}
