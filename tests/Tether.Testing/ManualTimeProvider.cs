namespace Tether.Testing;

/// <summary>
/// A virtual clock for tests: time moves only with <see cref="Advance"/>, which also fires the timers (and so the
/// <c>Task.Delay</c>s and timed cancellations) that came due.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward and runs every timer that came due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt;
                due.Reschedule();
            }

            due.Fire();
        }
    }

    private void Schedule(ManualTimer timer, bool active)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock.Schedule(this, active: false);
                return true;
            }

            DueAt = clock.GetUtcNow() + dueTime;
            clock.Schedule(this, active: true);
            return true;
        }

        /// <summary>Called under the clock's lock when the timer fires: periodic timers move to their next due time.</summary>
        public void Reschedule()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero)
            {
                clock._timers.Remove(this);
            }
            else
            {
                DueAt += _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Schedule(this, active: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
