namespace Tether.Bridge.Credentials;

/// <summary>
/// The refresh timetable of one session's token. Each delivered token starts a new generation and schedules a refresh at
/// expiry − <see cref="TokenRefreshOptions.Buffer"/> (no sooner than <see cref="TokenRefreshOptions.MinInterval"/> after
/// the previous attempt). A failed attempt, or an accepted one whose token never came, is retried after
/// <see cref="TokenRefreshOptions.RetryDelay"/> up to <see cref="TokenRefreshOptions.MaxFailures"/> times. Outcomes of
/// attempts started for an older generation are discarded, so a slow request never disturbs a newer token's schedule.
/// Thread-safe: tokens arrive on the poll loop, attempts run on the heartbeat loop.
/// </summary>
internal sealed class TokenRefreshSchedule(TokenRefreshOptions options)
{
    private readonly Lock _lock = new();
    private long _generation;
    private DateTimeOffset? _dueAt;
    private DateTimeOffset? _lastAttemptAt;
    private int _failures;
    private bool _awaitingToken;

    /// <summary>The number of tokens delivered so far.</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>When the next attempt is due; null when none is scheduled.</summary>
    public DateTimeOffset? DueAt
    {
        get
        {
            lock (_lock)
            {
                return _dueAt;
            }
        }
    }

    /// <summary>
    /// True between an accepted request and the token it brings. The server stopped the old work item then, so its lease
    /// needs no heartbeat (one would read as "stopped") and a rejection needs no second request.
    /// </summary>
    public bool AwaitingToken
    {
        get
        {
            lock (_lock)
            {
                return _awaitingToken;
            }
        }
    }

    /// <summary>A token arrived (first dispatch or re-dispatch); <paramref name="expiresAt"/> null means unknown: nothing is scheduled.</summary>
    /// <returns>The new generation, and when its refresh is due.</returns>
    public (long Generation, DateTimeOffset? DueAt) TokenDelivered(DateTimeOffset? expiresAt)
    {
        lock (_lock)
        {
            _generation++;
            _failures = 0;
            _awaitingToken = false;
            _dueAt = expiresAt is { } expiry ? Latest(expiry - options.Buffer, _lastAttemptAt + options.MinInterval) : null;
            return (_generation, _dueAt);
        }
    }

    /// <summary>At <paramref name="now"/>: start an attempt (then report it with <see cref="Completed"/>), give up, or nothing.</summary>
    public RefreshStep Next(DateTimeOffset now, out RefreshTicket ticket)
    {
        lock (_lock)
        {
            ticket = default;
            if (_dueAt is not { } due || now < due)
            {
                return RefreshStep.NotDue;
            }

            _dueAt = null;
            if (_awaitingToken)
            {
                // Accepted a retry delay ago, yet no token came: the re-dispatch got lost somewhere.
                _awaitingToken = false;
                if (++_failures >= options.MaxFailures)
                {
                    return RefreshStep.GaveUp;
                }
            }

            _lastAttemptAt = now;
            ticket = new RefreshTicket(_generation, _failures + 1);
            return RefreshStep.Start;
        }
    }

    /// <summary>Reports an attempt's outcome: <paramref name="accepted"/> when the server took the request.</summary>
    public RefreshResult Completed(RefreshTicket ticket, bool accepted, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (ticket.Generation != _generation)
            {
                return RefreshResult.Stale;
            }

            if (accepted)
            {
                _awaitingToken = true;
                _dueAt = now + options.RetryDelay;
                return RefreshResult.AwaitingToken;
            }

            if (++_failures >= options.MaxFailures)
            {
                _dueAt = null;
                return RefreshResult.GaveUp;
            }

            _dueAt = now + options.RetryDelay;
            return RefreshResult.RetryScheduled;
        }
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other > a ? other : a;
}
