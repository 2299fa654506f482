namespace Tether.Server.Events;

/// <summary>An append waiting for the writer loop, with the task its caller awaits.</summary>
internal sealed class PendingAppend(AppendRequest request)
{
    public AppendRequest Request { get; } = request;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<StoredEvent> Published { get; } = [];
}
