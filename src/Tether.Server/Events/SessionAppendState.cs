namespace Tether.Server.Events;

/// <summary>
/// One session's row, locked for the writer's transaction, and the facts the append rules need about it; appends of a
/// batch change it in memory, and the writer stores the result once per session.
/// </summary>
internal sealed class SessionAppendState(string orgId, string status, long lastSeq, long workerEpoch, string? workerStatus, long pendingPrompts)
{
    public string OrgId { get; } = orgId;

    public string Status { get; set; } = status;

    public long LastSeq { get; set; } = lastSeq;

    public long WorkerEpoch { get; } = workerEpoch;

    public string? WorkerStatus { get; } = workerStatus;

    /// <summary>How many prompts of the session are pending.</summary>
    public long PendingPrompts { get; set; } = pendingPrompts;

    /// <summary>The batch changed the row (events stored or status moved).</summary>
    public bool Changed { get; set; }

    /// <summary>Uuids of stored worker events among those the batch carries, plus those the batch stores.</summary>
    public HashSet<string> WorkerUuids { get; } = new(StringComparer.Ordinal);

    /// <summary>The same for client events.</summary>
    public HashSet<string> ClientUuids { get; } = new(StringComparer.Ordinal);

    /// <summary>The prompts the batch refers to, by request id (absent: no such prompt).</summary>
    public Dictionary<string, PromptState> Prompts { get; } = new(StringComparer.Ordinal);

    public HashSet<string> UuidsFrom(EventSource source) => source == EventSource.Client ? ClientUuids : WorkerUuids;
}
