using Tether.Bridge.Credentials;

namespace Tether.Bridge.Tests.Credentials;

public sealed class TokenRefreshScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TokenRefreshSchedule _schedule = new(TokenRefreshOptions.Default);

    [Fact]
    public void A_token_is_refreshed_five_minutes_before_it_expires_and_not_earlier()
    {
        _schedule.TokenDelivered(T0 + TimeSpan.FromHours(4));

        Assert.Equal(T0 + TimeSpan.FromHours(4) - TimeSpan.FromMinutes(5), _schedule.DueAt);
        Assert.Equal(RefreshStep.NotDue, _schedule.Next(T0 + TimeSpan.FromMinutes(234.99), out _));
        Assert.Equal(RefreshStep.Start, _schedule.Next(T0 + TimeSpan.FromMinutes(235), out var ticket));
        Assert.Equal(new RefreshTicket(1, 1), ticket);
        Assert.Null(_schedule.DueAt);
    }

    [Fact]
    public void A_token_that_arrives_inside_the_buffer_is_refreshed_at_once()
    {
        _schedule.TokenDelivered(T0 + TimeSpan.FromMinutes(2));

        Assert.Equal(RefreshStep.Start, _schedule.Next(T0, out _));
    }

    [Fact]
    public void An_unknown_expiry_schedules_nothing()
    {
        _schedule.TokenDelivered(null);

        Assert.Null(_schedule.DueAt);
        Assert.Equal(RefreshStep.NotDue, _schedule.Next(T0 + TimeSpan.FromDays(30), out _));
    }

    [Fact]
    public void Short_lived_tokens_are_refreshed_no_more_often_than_the_minimum_interval()
    {
        _schedule.TokenDelivered(T0 + TimeSpan.FromMinutes(1));
        Assert.Equal(RefreshStep.Start, _schedule.Next(T0, out var ticket));
        Assert.Equal(RefreshResult.AwaitingToken, _schedule.Completed(ticket, accepted: true, T0));

        // The next token also lives shorter than the buffer: it is not refreshed on arrival but 30 s after the last attempt.
        _schedule.TokenDelivered(T0 + TimeSpan.FromSeconds(62));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), _schedule.DueAt);
        Assert.Equal(RefreshStep.NotDue, _schedule.Next(T0 + TimeSpan.FromSeconds(2), out _));
    }

    [Fact]
    public void A_failed_request_is_retried_after_sixty_seconds_and_given_up_after_three_failures()
    {
        var start = T0 + TimeSpan.FromMinutes(55);
        _schedule.TokenDelivered(T0 + TimeSpan.FromHours(1));
        var now = start;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(RefreshStep.Start, _schedule.Next(now, out var ticket));
            Assert.Equal(attempt, ticket.Attempt);
            Assert.Equal(RefreshResult.RetryScheduled, _schedule.Completed(ticket, accepted: false, now));
            Assert.Equal(now + TimeSpan.FromSeconds(60), _schedule.DueAt);
            Assert.Equal(RefreshStep.NotDue, _schedule.Next(now + TimeSpan.FromSeconds(59), out _));
            now += TimeSpan.FromSeconds(60);
        }

        Assert.Equal(RefreshStep.Start, _schedule.Next(now, out var last));
        Assert.Equal(RefreshResult.GaveUp, _schedule.Completed(last, accepted: false, now));
        Assert.Null(_schedule.DueAt);
        Assert.Equal(RefreshStep.NotDue, _schedule.Next(now + TimeSpan.FromHours(1), out _));
    }

    [Fact]
    public void An_accepted_request_whose_token_never_comes_counts_as_a_failure()
    {
        _schedule.TokenDelivered(T0);
        var now = T0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(RefreshStep.Start, _schedule.Next(now, out var ticket));
            Assert.Equal(attempt, ticket.Attempt);
            Assert.Equal(RefreshResult.AwaitingToken, _schedule.Completed(ticket, accepted: true, now));
            Assert.True(_schedule.AwaitingToken);
            now += TimeSpan.FromSeconds(60);
        }

        Assert.Equal(RefreshStep.GaveUp, _schedule.Next(now, out _));
        Assert.False(_schedule.AwaitingToken);
    }

    [Fact]
    public void A_new_token_resets_failures_and_ends_the_wait()
    {
        _schedule.TokenDelivered(T0);
        Assert.Equal(RefreshStep.Start, _schedule.Next(T0, out var ticket));
        _schedule.Completed(ticket, accepted: false, T0);

        _schedule.TokenDelivered(T0 + TimeSpan.FromHours(4));

        Assert.Equal(2, _schedule.Generation);
        Assert.False(_schedule.AwaitingToken);
        Assert.Equal(RefreshStep.Start, _schedule.Next(T0 + TimeSpan.FromMinutes(235), out var next));
        Assert.Equal(new RefreshTicket(2, 1), next);
    }

    [Fact]
    public void The_outcome_of_a_request_overtaken_by_a_newer_token_is_discarded()
    {
        _schedule.TokenDelivered(T0 + TimeSpan.FromMinutes(4));
        Assert.Equal(RefreshStep.Start, _schedule.Next(T0, out var ticket));

        // The re-dispatch arrives before the reconnect call returns.
        _schedule.TokenDelivered(T0 + TimeSpan.FromHours(4));
        var due = _schedule.DueAt;

        Assert.Equal(RefreshResult.Stale, _schedule.Completed(ticket, accepted: true, T0 + TimeSpan.FromSeconds(1)));
        Assert.False(_schedule.AwaitingToken);
        Assert.Equal(due, _schedule.DueAt);
        Assert.Equal(RefreshResult.Stale, _schedule.Completed(ticket, accepted: false, T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(due, _schedule.DueAt);
    }
}
