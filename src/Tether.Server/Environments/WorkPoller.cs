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

            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var holdEnds = Task.Delay(remaining, timeProvider, stopWaiting.Token);
            await Task.WhenAny(wake, holdEnds);
            await stopWaiting.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
