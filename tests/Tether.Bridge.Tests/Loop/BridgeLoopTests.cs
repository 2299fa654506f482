using Tether.Protocol.Environments;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>The poll loop's decisions on a virtual clock, against a scripted Environments API; agents are real <c>sleep</c> processes.</summary>
public sealed class BridgeLoopTests : LoopTest
{

    [Fact]
    public async Task UndecodableSecret_IsStoppedNotAcked_AndARedeliveryIsSkipped()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, "session_AAAA1", "%%% not a secret"));
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, "session_AAAA1", "%%% not a secret"));
        _ = StartLoop();

        await Eventually.TrueAsync(() => Client.Polls >= 3, because: "the loop polls on after the bad work");
        Assert.Equal(["stop work_1 False"], Client.CallsOf("stop"));
        Assert.Empty(Client.CallsOf("ack"));
        Assert.Empty(Transports);
    }

    [Fact]
    public async Task Healthcheck_IsAcked()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_h", WorkDataTypes.Healthcheck, "work_h", FakeEnvironmentsClient.Secret("tok-h")));
        _ = StartLoop();

        await Eventually.TrueAsync(() => Client.CallsOf("ack").Any(), because: "healthchecks are acked");
        Assert.Equal(["ack work_h tok-h"], Client.CallsOf("ack"));
        Assert.Empty(Transports);
    }

    [Fact]
    public async Task AtCapacity_LeavesTheWorkUnacked_AndARedispatchRefreshesTheToken()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_a", WorkDataTypes.Session, "session_AAAA1", FakeEnvironmentsClient.Secret("tok-a1")));
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_b", WorkDataTypes.Session, "session_BBBB1", FakeEnvironmentsClient.Secret("tok-b1")));
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_a2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-a2")));
        _ = StartLoop(capacity: 1);

        await Eventually.TrueAsync(() => Client.Polls >= 2 && Time.ActiveTimers > 0, because: "the loop reaches the at-capacity wait");
        Assert.Equal(["ack work_a tok-a1"], Client.CallsOf("ack"));
        Assert.Single(Transports);

        // At capacity the loop sleeps long (woken only when a session ends); the next poll brings the re-dispatch.
        Time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => Client.CallsOf("ack").Count() == 2, because: "the re-dispatch is acked");
        Assert.Equal("ack work_a2 tok-a2", Client.CallsOf("ack").Last());
        var transport = Assert.Single(Transports);
        Assert.Equal(["tok-a2"], transport.Tokens);
        Assert.DoesNotContain(Client.CallsOf("ack"), c => c.Contains("work_b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthorized_IsFatalWithALoginHint()
    {
        Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(401));
        var exit = await StartLoop();

        Assert.Equal(BridgeExitKind.Fatal, exit.Kind);
        Assert.Contains("tether login", exit.Message, StringComparison.Ordinal);
        Assert.Single(Client.CallsOf("deregister"));
    }

    [Fact]
    public async Task ServerErrors_BackOffOnTheConnectionTrack_AndRecover()
    {
        for (var i = 0; i < 3; i++)
        {
            Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(503));
        }

        _ = StartLoop();
        foreach (var expected in new[] { 2, 4, 8 })
        {
            await Eventually.TrueAsync(() => Time.RequestedDelays.Contains(TimeSpan.FromSeconds(expected)), because: $"a {expected} s backoff");
            Time.Advance(TimeSpan.FromSeconds(expected));
        }

        await Eventually.TrueAsync(() => Client.Polls >= 4, because: "polling resumes");
        Assert.False(Run!.IsCompleted);
    }

    [Fact]
    public async Task ConnectionErrors_GiveUpAfterTenMinutes()
    {
        for (var i = 0; i < 50; i++)
        {
            Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(502));
        }

        var run = StartLoop();
        while (!run.IsCompleted)
        {
            var polls = Client.Polls;
            await Eventually.TrueAsync(() => run.IsCompleted || Time.ActiveTimers > 1, because: "the loop waits out a backoff");
            Time.Advance(TimeSpan.FromMinutes(2.5));
            await Eventually.TrueAsync(() => run.IsCompleted || Client.Polls > polls, because: "the loop polls again");
        }

        var exit = await run;
        Assert.Equal(BridgeExitKind.GaveUp, exit.Kind);
        Assert.Contains("giving up", exit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MachineSleep_ResetsTheErrorBudget()
    {
        for (var i = 0; i < 50; i++)
        {
            Client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(502));
        }

        var run = StartLoop();
        for (var i = 0; i < 6; i++)
        {
            var polls = Client.Polls;
            await Eventually.TrueAsync(() => Time.ActiveTimers > 1, because: "the loop waits out a backoff");
            if (i == 3)
            {
                // Nine minutes into the outage the laptop sleeps for five: without the reset this error would give up.
                Time.Jump(TimeSpan.FromMinutes(5));
            }

            Time.Advance(TimeSpan.FromMinutes(2.5));
            await Eventually.TrueAsync(() => Client.Polls > polls, because: "the loop polls again");
        }

        Assert.False(run.IsCompleted, "a sleep must not count against the give-up budget");
    }
}
