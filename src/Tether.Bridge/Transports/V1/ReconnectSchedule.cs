namespace Tether.Bridge.Transports.V1;

/// <summary>
/// Reconnect delays of the reference WebSocketTransport (§4.3): 1 s × 2^(n−1), capped at 30 s, ±25 % jitter, giving up
/// 10 minutes after the first failure. A gap of more than 60 s between two attempts means the machine slept: the budget
/// starts over instead of running out while nobody could have reconnected.
/// </summary>
/// <remarks>Not thread-safe: one reader owns it.</remarks>
internal sealed class ReconnectSchedule(V1TransportOptions options, TimeProvider timeProvider, Func<double> jitter)
{
    private DateTimeOffset? _firstFailureAt;
    private DateTimeOffset? _lastAttemptAt;
    private int _failures;

    /// <summary>The delay before the next attempt, or null when the budget is spent.</summary>
    public TimeSpan? Next()
    {
        var now = timeProvider.GetUtcNow();
        if (_lastAttemptAt is { } last && now - last > options.SuspensionGap)
        {
            Reset();
        }

        _firstFailureAt ??= now;
        _lastAttemptAt = now;
        if (now - _firstFailureAt.Value >= options.ReconnectBudget)
        {
            return null;
        }

        _failures++;
        var exponential = options.ReconnectInitial * Math.Pow(2, Math.Min(_failures - 1, 30));
        var capped = exponential < options.ReconnectCap ? exponential : options.ReconnectCap;
        return capped * (1 + ((jitter() * 2) - 1) * options.JitterFraction);
    }

    /// <summary>A connection succeeded (or the process was suspended): start over.</summary>
    public void Reset()
    {
        _firstFailureAt = null;
        _lastAttemptAt = null;
        _failures = 0;
    }
}
