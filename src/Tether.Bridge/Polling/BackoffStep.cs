namespace Tether.Bridge.Polling;

/// <summary>What to do after a poll error: wait <see cref="Delay"/> and poll again, or give up.</summary>
/// <param name="Delay">How long to wait before the next poll (zero when giving up).</param>
/// <param name="Attempt">The consecutive error count on this track, starting at 1.</param>
/// <param name="SleepDetected">True when this error came so long after the previous one that the budgets were reset.</param>
/// <param name="GiveUpMessage">Set when the track's budget is spent; the loop should stop with this message.</param>
internal readonly record struct BackoffStep(TimeSpan Delay, int Attempt, bool SleepDetected, string? GiveUpMessage)
{
    public bool GiveUp => GiveUpMessage is not null;
}
