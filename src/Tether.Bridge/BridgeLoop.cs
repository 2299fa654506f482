using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tether.Bridge.Agents;
using Tether.Bridge.Continuation;
using Tether.Bridge.Environments;
using Tether.Bridge.Polling;
using Tether.Bridge.Transports;
using Tether.Bridge.Worktrees;
using Tether.Protocol.Environments;

namespace Tether.Bridge;

/// <summary>
/// The bridge: register → poll (reference §7.3) → ack only work it will run → one <see cref="Sessions.SessionRunner"/>
/// per session → stop/archive when a session ends → poll again; heartbeats for running work; backoff on errors; and the
/// graceful shutdown of §7.6 when the token given to <see cref="RunAsync"/> is cancelled. Every task it starts is owned
/// and awaited here.
/// </summary>
internal sealed partial class BridgeLoop(
    BridgeOptions options,
    IEnvironmentsClient client,
    ISessionTransportFactory transports,
    Func<AgentStartInfo, AgentProcess> launch,
    WorktreeManager worktrees,
    AgentHost host,
    IBridgeObserver observer,
    BridgePointerStore? pointers,
    TimeProvider timeProvider,
    ILoggerFactory loggers,
    Func<double>? jitter = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<BridgeLoop>();
    private readonly Backoff _backoff = new(timeProvider, BackoffOptions.Default, jitter ?? Random.Shared.NextDouble);
    private readonly ConcurrentDictionary<string, ActiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _completedWork = new(StringComparer.Ordinal);
    private readonly Channel<bool> _capacityWake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _heartbeatWake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _sessionsStop = new();
    private int _spawnMode = (int)options.SpawnMode;
    private volatile bool _singleSessionDone;
    private BridgeState _state = BridgeState.Ready;

    /// <summary>The environment id once registered.</summary>
    public string? EnvironmentId { get; private set; }

    /// <summary>The spawn mode for new sessions; <c>w</c> in the status view flips same-dir and worktree at runtime.</summary>
    public SpawnMode SpawnMode
    {
        get => (SpawnMode)Volatile.Read(ref _spawnMode);
        set => Volatile.Write(ref _spawnMode, (int)value);
    }

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => _sessions.Count;

    private bool AtCapacity => _sessions.Count >= options.MaxSessions;

    public async Task<BridgeExit> RunAsync(CancellationToken stopping)
    {
        var registration = await RegisterAsync(stopping);
        if (registration.Exit is { } failed)
        {
            return failed;
        }

        var secret = registration.Secret!;
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeats = HeartbeatLoopAsync(heartbeatStop.Token);
        BridgeExit exit;
        try
        {
            if (options.ResumeSessionId is { } resume)
            {
                await ResumeAsync(resume, stopping);
            }

            exit = await PollLoopAsync(secret, stopping);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeats;
            await ShutdownAsync();
        }

        return exit;
    }

    private async Task<BridgeExit> PollLoopAsync(string secret, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !_singleSessionDone)
        {
            var started = timeProvider.GetUtcNow();
            EnvResult<WorkResponse?> result;
            try
            {
                result = await client.PollAsync(EnvironmentId!, secret, options.ReclaimOlderThanMs, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }

            if (!result.Ok)
            {
                if (await OnPollErrorAsync(result.Error, stopping) is { } exit)
                {
                    return exit;
                }

                continue;
            }

            if (_backoff.IsFailing)
            {
                var outage = _backoff.Reset();
                Log.Reconnected(_logger, (int)(outage?.TotalSeconds ?? 0));
                SetState(_sessions.IsEmpty ? BridgeState.Ready : BridgeState.Connected, $"Reconnected after {(int)(outage?.TotalSeconds ?? 0)} s");
            }

            var waitForCapacity = false;
            if (result.Value is { } work)
            {
                waitForCapacity = !await HandleWorkAsync(work, stopping);
                if (!waitForCapacity)
                {
                    continue;
                }
            }

            var delay = AtCapacity || waitForCapacity ? options.AtCapacityPollInterval : options.PollInterval - (timeProvider.GetUtcNow() - started);
            await WaitAsync(delay, AtCapacity || waitForCapacity ? _capacityWake.Reader : null, stopping);
        }

        return BridgeExit.Stopped;
    }

    private async Task<BridgeExit?> OnPollErrorAsync(PollError error, CancellationToken stopping)
    {
        if (error.IsFatal)
        {
            Log.PollFatal(_logger, error.Message);
            SetState(BridgeState.Failed, error.Message);
            return new BridgeExit(BridgeExitKind.Fatal, error.Message);
        }

        if (!_backoff.IsFailing)
        {
            // One line for the first failure, one for the recovery: never a line per retry.
            Log.PollFailing(_logger, error.Message);
            SetState(BridgeState.Reconnecting, error.Message);
        }

        var step = _backoff.OnError(error.Track);
        if (step.GiveUp)
        {
            SetState(BridgeState.Failed, step.GiveUpMessage);
            return new BridgeExit(BridgeExitKind.GaveUp, step.GiveUpMessage);
        }

        await WaitAsync(step.Delay, null, stopping);
        return null;
    }

    // Sleeps for the delay, or until woken (a session ended), or until shutdown; never throws for shutdown.
    private async Task WaitAsync(TimeSpan delay, ChannelReader<bool>? wake, CancellationToken stopping)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(delay, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        try
        {
            if (wake is null)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token);
            }
            else
            {
                await wake.ReadAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Time is up, or we are stopping; the caller looks at the token.
        }
    }

    private void SetState(BridgeState state, string? detail)
    {
        _state = state;
        observer.StateChanged(state, detail);
    }

    private void UpdateConnectedState()
    {
        if (_state is BridgeState.Ready or BridgeState.Connected)
        {
            var next = _sessions.IsEmpty ? BridgeState.Ready : BridgeState.Connected;
            if (next != _state)
            {
                SetState(next, null);
            }
        }
    }
}
