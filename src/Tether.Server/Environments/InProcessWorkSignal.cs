using System.Collections.Concurrent;

namespace Tether.Server.Environments;

/// <summary>
/// One <see cref="TaskCompletionSource"/> per watched environment, shared by its parked polls and replaced on each
/// notification. An entry lives until the next notification, so the registry holds at most one per environment.
/// </summary>
internal sealed class InProcessWorkSignal : IWorkSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public Task NextNotificationAsync(string environmentId) =>
        _waiters.GetOrAdd(environmentId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Whether a poll is waiting on the environment now.</summary>
    public bool IsWatched(string environmentId) => _waiters.ContainsKey(environmentId);

    public ValueTask NotifyAsync(string environmentId, CancellationToken cancellationToken)
    {
        Notify(environmentId);
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes every current watch of the environment; never blocks.</summary>
    public void Notify(string environmentId)
    {
        if (_waiters.TryRemove(environmentId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    /// <summary>Wakes every parked poll, for when notifications from other nodes may have been missed.</summary>
    public void NotifyAll()
    {
        foreach (var environmentId in _waiters.Keys)
        {
            Notify(environmentId);
        }
    }
}
