namespace Tether.Bridge;

/// <summary>Waiting for a task with a deadline on an injected clock.</summary>
internal static class TaskTimeouts
{
    /// <summary>True when <paramref name="task"/> completes within <paramref name="timeout"/>; false when the time runs out first.</summary>
    /// <remarks>The task keeps running either way; its owner still awaits it.</remarks>
    public static async Task<bool> CompletesWithinAsync(this Task task, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
