namespace Tether.Server.Events;

/// <summary>An append waiting for the writer loop, with the task its caller awaits.</summary>
internal sealed class PendingAppend(AppendRequest request, long queuedAt = 0)
{
    public AppendRequest Request { get; } = request;

    /// <summary>When the append was queued (<see cref="TimeProvider.GetTimestamp"/>), for the queue-wait metric.</summary>
    public long QueuedAt { get; } = queuedAt;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<StoredEvent> Published { get; } = [];
}
