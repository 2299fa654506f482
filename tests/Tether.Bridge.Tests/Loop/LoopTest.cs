using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Agents;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;
using Tether.Testing;

namespace Tether.Bridge.Tests.Loop;

/// <summary>
/// A bridge poll loop on a virtual clock against a scripted Environments API: agents are real <c>sleep</c> processes,
/// session transports are fakes the test can inspect. The loop is stopped and awaited after each test.
/// </summary>
public abstract class LoopTest : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task<BridgeExit>? _run;

    private protected ManualTimeProvider Time { get; } = new();

    private protected FakeEnvironmentsClient Client { get; } = new();

    private protected ConcurrentQueue<FakeTransport> Transports { get; } = new();

    /// <summary>The loop's heartbeat interval, as <see cref="StartLoop"/> set it.</summary>
    private protected TimeSpan HeartbeatInterval { get; private set; }

    /// <summary>The running loop, once started.</summary>
    private protected Task<BridgeExit>? Run => _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected Task<BridgeExit> StartLoop(int capacity = 4, TimeSpan? heartbeatInterval = null)
    {
        var options = new BridgeOptions
        {
            ServerUrl = new Uri("http://127.0.0.1:1"),
            Directory = Path.GetTempPath(),
            MachineName = "test",
            Capacity = capacity,
            Agent = AgentSpec.Parse("sleep 30"),
        };
        options = heartbeatInterval is { } interval ? options with { HeartbeatInterval = interval } : options;
        HeartbeatInterval = options.HeartbeatInterval;
        var loop = new BridgeLoop(options, Client, new TransportFactory(Transports), info => AgentProcess.Start(info), new WorktreeManager(new GitRunner()),
            AgentHost.Current(), NullBridgeObserver.Instance, null, Time, NullLoggerFactory.Instance, () => 0.5);
        _run = Task.Run(() => loop.RunAsync(_stop.Token));
        return _run;
    }

    private sealed class TransportFactory(ConcurrentQueue<FakeTransport> created) : ISessionTransportFactory
    {
        public ISessionTransport Create(SessionTransportRequest request)
        {
            var transport = new FakeTransport(request);
            created.Enqueue(transport);
            return transport;
        }
    }
}
