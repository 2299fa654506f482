using Tether.Bridge.Polling;
using Tether.Testing;

namespace Tether.Bridge.Tests.Polling;

public sealed class BackoffTests
{
    private readonly ManualTimeProvider _clock = new();

    private Backoff Create(double jitter = 0.5) => new(_clock, BackoffOptions.Default, () => jitter);

    [Fact]
    public void Connection_errors_double_from_two_seconds_to_the_cap()
    {
        var backoff = Create();
        var delays = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var step = backoff.OnError(BackoffTrack.Connection);
            delays.Add(step.Delay.TotalSeconds);
            _clock.Advance(step.Delay);
        }

        Assert.Equal([2, 4, 8, 16, 32, 64, 120, 120, 120], delays);
    }

    [Fact]
    public void General_errors_double_from_half_a_second_to_thirty_seconds()
    {
        var backoff = Create();
        var delays = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var step = backoff.OnError(BackoffTrack.General);
            delays.Add(step.Delay.TotalMilliseconds);
            _clock.Advance(step.Delay);
        }

        Assert.Equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], delays);
    }

    [Theory]
    [InlineData(0.0, 1.5)]
    [InlineData(0.999999, 2.5)]
    public void Jitter_stays_within_a_quarter(double jitter, double expectedSeconds)
    {
        var step = Create(jitter).OnError(BackoffTrack.Connection);

        Assert.Equal(expectedSeconds, step.Delay.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Random_jitter_is_bounded()
    {
        var random = new Random(7);
        var backoff = new Backoff(_clock, BackoffOptions.Default, random.NextDouble);
        for (var i = 0; i < 200; i++)
        {
            var step = backoff.OnError(BackoffTrack.General);
            var nominal = Math.Min(500 * Math.Pow(2, step.Attempt - 1), 30000);
            Assert.InRange(step.Delay.TotalMilliseconds, nominal * 0.75, nominal * 1.25);
            _clock.Advance(TimeSpan.FromSeconds(1));
            if (i % 20 == 19)
            {
                backoff.Reset();
            }
        }
    }

    [Fact]
    public void Gives_up_when_the_first_error_is_ten_minutes_old()
    {
        var backoff = Create();
        BackoffStep step;
        var elapsed = TimeSpan.Zero;
        do
        {
            step = backoff.OnError(BackoffTrack.Connection);
            _clock.Advance(step.Delay);
            elapsed += step.Delay;
        }
        while (!step.GiveUp);

        Assert.Equal("Server unreachable for 10 minutes, giving up.", step.GiveUpMessage);
        // 2+4+…+64 = 126 s, then 120 s steps: the first error at or past 600 s is at 126 + 4×120 = 606 s.
        Assert.Equal(TimeSpan.FromSeconds(606), elapsed);
    }

    [Fact]
    public void General_give_up_has_its_own_message()
    {
        var backoff = Create();
        // Errors 100 s apart: below the sleep threshold, so the budget keeps running.
        for (var i = 0; i < 6; i++)
        {
            Assert.False(backoff.OnError(BackoffTrack.General).GiveUp);
            _clock.Advance(TimeSpan.FromSeconds(i < 5 ? 100 : 99));
        }

        Assert.False(backoff.OnError(BackoffTrack.General).GiveUp);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("Persistent errors for 10 minutes, giving up.", backoff.OnError(BackoffTrack.General).GiveUpMessage);
    }

    [Fact]
    public void Success_resets_everything_and_reports_the_outage()
    {
        var backoff = Create();
        backoff.OnError(BackoffTrack.Connection);
        _clock.Advance(TimeSpan.FromSeconds(2));
        backoff.OnError(BackoffTrack.Connection);
        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(6), backoff.Reset());
        Assert.False(backoff.IsFailing);
        Assert.Null(backoff.Reset());
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.OnError(BackoffTrack.Connection).Delay);
    }

    [Fact]
    public void Switching_tracks_resets_the_other_track()
    {
        var backoff = Create();
        backoff.OnError(BackoffTrack.Connection);
        backoff.OnError(BackoffTrack.Connection);
        backoff.OnError(BackoffTrack.General);

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.OnError(BackoffTrack.Connection).Delay);
    }

    [Fact]
    public void A_long_gap_between_errors_means_the_machine_slept_and_resets_the_budgets()
    {
        var backoff = Create();
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(backoff.OnError(BackoffTrack.Connection).Delay);
        }

        _clock.Jump(TimeSpan.FromSeconds(241));
        var step = backoff.OnError(BackoffTrack.Connection);

        Assert.True(step.SleepDetected);
        Assert.Equal(1, step.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(2), step.Delay);

        // Without the reset the budget (first error ~5 min earlier) would run out 5 minutes sooner.
        _clock.Advance(TimeSpan.FromSeconds(240));
        Assert.False(backoff.OnError(BackoffTrack.Connection).SleepDetected);
    }

    [Fact]
    public void A_gap_of_exactly_the_threshold_is_not_sleep()
    {
        var backoff = Create();
        backoff.OnError(BackoffTrack.Connection);
        _clock.Jump(TimeSpan.FromSeconds(240));

        var step = backoff.OnError(BackoffTrack.Connection);

        Assert.False(step.SleepDetected);
        Assert.Equal(2, step.Attempt);
    }
}
