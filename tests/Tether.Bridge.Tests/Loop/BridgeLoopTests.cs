using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Agents;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;
using Tether.Protocol.Environments;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>The poll loop's decisions on a virtual clock, against a scripted Environments API; agents are real <c>sleep</c> processes.</summary>
public sealed class BridgeLoopTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeEnvironmentsClient _client = new();
    private readonly ConcurrentQueue<FakeTransport> _transports = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<BridgeExit>? _run;

    [Fact]
    public async Task UndecodableSecret_IsStoppedNotAcked_AndARedeliveryIsSkipped()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, "session_AAAA1", "%%% not a secret"));
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_1", WorkDataTypes.Session, "session_AAAA1", "%%% not a secret"));
        _ = StartLoop();

        await Eventually.TrueAsync(() => _client.Polls >= 3, because: "the loop polls on after the bad work");
        Assert.Equal(["stop work_1 False"], _client.CallsOf("stop"));
        Assert.Empty(_client.CallsOf("ack"));
        Assert.Empty(_transports);
    }

    [Fact]
    public async Task Healthcheck_IsAcked()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_h", WorkDataTypes.Healthcheck, "work_h", FakeEnvironmentsClient.Secret("tok-h")));
        _ = StartLoop();

        await Eventually.TrueAsync(() => _client.CallsOf("ack").Any(), because: "healthchecks are acked");
        Assert.Equal(["ack work_h tok-h"], _client.CallsOf("ack"));
        Assert.Empty(_transports);
    }

    [Fact]
    public async Task AtCapacity_LeavesTheWorkUnacked_AndARedispatchRefreshesTheToken()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_a", WorkDataTypes.Session, "session_AAAA1", FakeEnvironmentsClient.Secret("tok-a1")));
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_b", WorkDataTypes.Session, "session_BBBB1", FakeEnvironmentsClient.Secret("tok-b1")));
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Work("work_a2", WorkDataTypes.Session, "cse_AAAA1", FakeEnvironmentsClient.Secret("tok-a2")));
        _ = StartLoop(capacity: 1);

        await Eventually.TrueAsync(() => _client.Polls >= 2 && _time.ActiveTimers > 0, because: "the loop reaches the at-capacity wait");
        Assert.Equal(["ack work_a tok-a1"], _client.CallsOf("ack"));
        Assert.Single(_transports);

        // At capacity the loop sleeps long (woken only when a session ends); the next poll brings the re-dispatch.
        _time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => _client.CallsOf("ack").Count() == 2, because: "the re-dispatch is acked");
        Assert.Equal("ack work_a2 tok-a2", _client.CallsOf("ack").Last());
        var transport = Assert.Single(_transports);
        Assert.Equal(["tok-a2"], transport.Tokens);
        Assert.DoesNotContain(_client.CallsOf("ack"), c => c.Contains("work_b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthorized_IsFatalWithALoginHint()
    {
        _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(401));
        var exit = await StartLoop();

        Assert.Equal(BridgeExitKind.Fatal, exit.Kind);
        Assert.Contains("tether login", exit.Message, StringComparison.Ordinal);
        Assert.Single(_client.CallsOf("deregister"));
    }

    [Fact]
    public async Task ServerErrors_BackOffOnTheConnectionTrack_AndRecover()
    {
        for (var i = 0; i < 3; i++)
        {
            _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(503));
        }

        _ = StartLoop();
        foreach (var expected in new[] { 2, 4, 8 })
        {
            await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(expected)), because: $"a {expected} s backoff");
            _time.Advance(TimeSpan.FromSeconds(expected));
        }

        await Eventually.TrueAsync(() => _client.Polls >= 4, because: "polling resumes");
        Assert.False(_run!.IsCompleted);
    }

    [Fact]
    public async Task ConnectionErrors_GiveUpAfterTenMinutes()
    {
        for (var i = 0; i < 50; i++)
        {
            _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(502));
        }

        var run = StartLoop();
        while (!run.IsCompleted)
        {
            var polls = _client.Polls;
            await Eventually.TrueAsync(() => run.IsCompleted || _time.ActiveTimers > 1, because: "the loop waits out a backoff");
            _time.Advance(TimeSpan.FromMinutes(2.5));
            await Eventually.TrueAsync(() => run.IsCompleted || _client.Polls > polls, because: "the loop polls again");
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
            _client.PollAnswers.Enqueue(FakeEnvironmentsClient.Error(502));
        }

        var run = StartLoop();
        for (var i = 0; i < 6; i++)
        {
            var polls = _client.Polls;
            await Eventually.TrueAsync(() => _time.ActiveTimers > 1, because: "the loop waits out a backoff");
            if (i == 3)
            {
                // Nine minutes into the outage the laptop sleeps for five: without the reset this error would give up.
                _time.Jump(TimeSpan.FromMinutes(5));
            }

            _time.Advance(TimeSpan.FromMinutes(2.5));
            await Eventually.TrueAsync(() => _client.Polls > polls, because: "the loop polls again");
        }

        Assert.False(run.IsCompleted, "a sleep must not count against the give-up budget");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _stop.Dispose();
    }

    private Task<BridgeExit> StartLoop(int capacity = 4)
    {
        var options = new BridgeOptions
        {
            ServerUrl = new Uri("http://127.0.0.1:1"),
            Directory = Path.GetTempPath(),
            MachineName = "test",
            Capacity = capacity,
            Agent = AgentSpec.Parse("sleep 30"),
        };
        var loop = new BridgeLoop(options, _client, new Factory(_transports), info => AgentProcess.Start(info), new WorktreeManager(new GitRunner()),
            AgentHost.Current(), NullBridgeObserver.Instance, null, _time, NullLoggerFactory.Instance, () => 0.5);
        _run = Task.Run(() => loop.RunAsync(_stop.Token));
        return _run;
    }

    private sealed class Factory(ConcurrentQueue<FakeTransport> created) : ISessionTransportFactory
    {
        public ISessionTransport Create(SessionTransportRequest request)
        {
            var transport = new FakeTransport(request);
            created.Enqueue(transport);
            return transport;
        }
    }
}
