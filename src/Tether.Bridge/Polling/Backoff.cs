namespace Tether.Bridge.Polling;

/// <summary>
/// Poll-error backoff with two budgets (reference §7.2): connection errors start at 2 s and double to 120 s, other errors
/// start at 0.5 s and double to 30 s; a track gives up once its first error is 10 minutes old. Switching tracks resets
/// the other one, any success resets both, and a gap of more than 240 s between two errors (the machine slept) resets
/// both. Delays carry ±25 % jitter so bridges that lost the same server do not come back in lock step.
/// </summary>
/// <remarks>Not thread-safe: one poll loop owns it.</remarks>
internal sealed class Backoff(TimeProvider timeProvider, BackoffOptions options, Func<double> jitter)
{
    private readonly TrackState _connection = new();
    private readonly TrackState _general = new();
    private DateTimeOffset? _lastErrorAt;

    public Backoff(TimeProvider timeProvider)
        : this(timeProvider, BackoffOptions.Default, Random.Shared.NextDouble)
    {
    }

    /// <summary>True between the first error and the next <see cref="Reset"/>.</summary>
    public bool IsFailing => _lastErrorAt is not null;

    /// <summary>Records an error on <paramref name="track"/> and says how long to wait, or that it is time to give up.</summary>
    public BackoffStep OnError(BackoffTrack track)
    {
        var now = timeProvider.GetUtcNow();
        var slept = _lastErrorAt is { } last && now - last > options.SleepThreshold;
        if (slept)
        {
            _connection.Clear();
            _general.Clear();
        }

        _lastErrorAt = now;
        var (state, other) = track == BackoffTrack.Connection ? (_connection, _general) : (_general, _connection);
        other.Clear();
        state.FirstErrorAt ??= now;
        state.Count++;

        var (initial, cap, giveUp) = track == BackoffTrack.Connection
            ? (options.ConnectionInitial, options.ConnectionCap, options.ConnectionGiveUp)
            : (options.GeneralInitial, options.GeneralCap, options.GeneralGiveUp);

        var elapsed = now - state.FirstErrorAt.Value;
        if (elapsed >= giveUp)
        {
            var minutes = (int)Math.Round(elapsed.TotalMinutes);
            var message = track == BackoffTrack.Connection
                ? $"Server unreachable for {minutes} minutes, giving up."
                : $"Persistent errors for {minutes} minutes, giving up.";
            return new BackoffStep(TimeSpan.Zero, state.Count, slept, message);
        }

        // 2^(n-1) overflows long before it matters; clamp the exponent so the cap always wins.
        var exponential = initial * Math.Pow(2, Math.Min(state.Count - 1, 30));
        var capped = exponential < cap ? exponential : cap;
        var factor = 1 + ((jitter() * 2) - 1) * options.JitterFraction;
        return new BackoffStep(capped * factor, state.Count, slept, null);
    }

    /// <summary>Forgets all errors after a successful poll; returns how long the errors lasted, if there were any.</summary>
    public TimeSpan? Reset()
    {
        var first = Min(_connection.FirstErrorAt, _general.FirstErrorAt);
        var outage = first is { } start ? timeProvider.GetUtcNow() - start : (TimeSpan?)null;
        _connection.Clear();
        _general.Clear();
        _lastErrorAt = null;
        return outage;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private sealed class TrackState
    {
        public DateTimeOffset? FirstErrorAt { get; set; }

        public int Count { get; set; }

        public void Clear()
        {
            FirstErrorAt = null;
            Count = 0;
        }
    }
}
