namespace Tether.Server.Events;

/// <summary>Events from one side of one session, appended atomically.</summary>
/// <param name="SessionId">The session body (without <c>session_</c>/<c>cse_</c>).</param>
/// <param name="OrgId">The caller's org; a session of another org is "not found".</param>
/// <param name="Source">Worker or client.</param>
/// <param name="Events">Validated events in order.</param>
/// <param name="Actor">Who sent them (a user id, or the worker's credential id), recorded on answered prompts.</param>
internal sealed record AppendRequest(string SessionId, string? OrgId, EventSource Source, IReadOnlyList<IncomingEvent> Events, string Actor)
{
    /// <summary>For a v2 worker's upload: the epoch it writes as; the append is refused if a newer worker registered.</summary>
    public long? WorkerEpoch { get; init; }
}
