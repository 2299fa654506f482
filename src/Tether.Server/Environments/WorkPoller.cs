using Tether.Server.Accounts;

namespace Tether.Server.Environments;

/// <summary>
/// The long poll: tries to claim, and while nothing is claimable waits for a work signal or the end of the hold.
/// A zero hold answers after one attempt.
/// </summary>
internal sealed class WorkPoller(WorkStore work, IWorkSignal signal, EnvironmentOptions options, TimeProvider timeProvider)
{
    public async Task<ClaimOutcome> PollAsync(string environmentId, string secret, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        var secretHash = TokenHasher.Hash(secret);
        var deadline = timeProvider.GetUtcNow() + options.PollHold;
        while (true)
        {
            var wake = signal.NextNotificationAsync(environmentId);
            var outcome = await work.ClaimAsync(environmentId, secretHash, reclaimAfter, cancellationToken);
            var remaining = deadline - timeProvider.GetUtcNow();
            if (outcome.Status != ClaimStatus.NoWork || remaining <= TimeSpan.Zero)
            {
                return outcome;
            }

            // One timer-and-registration object per parked poll (no linked source, delay task or WhenAny task): the end
            // of the hold and a wake-up both just end the wait, and the loop looks at the store again.
            await wake.WaitAsync(remaining, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
