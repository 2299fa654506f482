using Microsoft.Extensions.Hosting;

namespace Tether.Server.Environments;

/// <summary>
/// The long poll: tries to claim, and while nothing is claimable waits for a work signal or the end of the hold.
/// A zero hold answers after one attempt, and a server that is stopping ends every hold with "no work".
/// </summary>
internal sealed class WorkPoller
{
    private readonly WorkStore _work;
    private readonly IWorkSignal _signal;
    private readonly EnvironmentOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _stopping;

    public WorkPoller(
        WorkStore work, IWorkSignal signal, InProcessWorkSignal localSignal, EnvironmentOptions options, TimeProvider timeProvider,
        IHostApplicationLifetime lifetime)
    {
        _work = work;
        _signal = signal;
        _options = options;
        _timeProvider = timeProvider;
        _stopping = lifetime.ApplicationStopping;
        // Shutdown wakes every parked poll through the signal it already waits on, so a poll needs no linked source (or
        // request middleware frame) of its own to notice it. One registration for the life of the server.
        _stopping.UnsafeRegister(static state => ((InProcessWorkSignal)state!).NotifyAll(), localSignal);
    }

    /// <summary>
    /// Polls for the environment and hands the outcome to <paramref name="answer"/>. The answer runs inside this method's
    /// own frame, so a parked poll holds one async frame rather than one here and one in its endpoint; only the secret's
    /// hash is kept while it waits.
    /// </summary>
    public async Task PollAsync<TState>(
        string environmentId, string secretHash, TimeSpan reclaimAfter, TState state, Func<ClaimOutcome, TState, Task> answer,
        CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + _options.PollHold;
        while (true)
        {
            var wake = _signal.NextNotificationAsync(environmentId);
            var outcome = await _work.ClaimAsync(environmentId, secretHash, reclaimAfter, cancellationToken);
            var remaining = deadline - _timeProvider.GetUtcNow();
            if (outcome.Status != ClaimStatus.NoWork || remaining <= TimeSpan.Zero || _stopping.IsCancellationRequested)
            {
                await answer(outcome, state);
                return;
            }

            // One timer-and-registration object per parked poll (no linked source, delay task or WhenAny task): the end
            // of the hold, a wake-up and shutdown all just end the wait, and the loop looks at the store again unless
            // the server is stopping.
            await wake.WaitAsync(remaining, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            if (_stopping.IsCancellationRequested)
            {
                await answer(outcome, state);
                return;
            }
        }
    }
}
