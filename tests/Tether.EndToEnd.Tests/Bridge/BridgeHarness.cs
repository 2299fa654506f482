using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge;
using Tether.Bridge.Agents;
using Tether.Bridge.Environments;
using Tether.Bridge.Sessions;
using Tether.Bridge.Transports;
using Tether.Bridge.Transports.V1;
using Tether.Bridge.Transports.V2;
using Tether.Bridge.Worktrees;
using Tether.Client.Environments;
using Tether.Client.Http;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>
/// A real bridge in-process against a <see cref="LoopbackServer"/>: real HTTP, real WebSockets, real agent processes
/// (the built-in agent through <c>dotnet tether.dll agent</c>, or claude). Stop it with <see cref="StopAsync"/>.
/// </summary>
internal sealed class BridgeHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SocketsHttpHandler _handler = OutboundHttp.CreateHandler();
    private readonly StatusRecordingHandler _recorder;
    private readonly EnvironmentsClient _client;

    private BridgeHarness(Uri serverUrl, BridgeOptions options, IReadOnlyDictionary<string, string?>? agentEnvironment)
    {
        Options = options;
        _recorder = new StatusRecordingHandler(_handler);
        _client = new EnvironmentsClient(serverUrl, LoopbackServer.OwnerToken, new EnvironmentsClientOptions { RunnerVersion = "0.1.0" }, _recorder);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var host = new AgentHost(dotnet, Path.Combine(AppContext.BaseDirectory, "tether.dll"), Environment.GetEnvironmentVariable("PATH"));
        Loop = new BridgeLoop(
            options,
            new EnvironmentsClientAdapter(_client),
            new RecordingTransportFactory(
                new ProtocolTransportFactory(
                    new V1TransportFactory(_recorder, V1TransportOptions.Default, TimeProvider.System, NullLoggerFactory.Instance),
                    new V2TransportFactory(_recorder, V2TransportOptions.Default, TimeProvider.System, NullLoggerFactory.Instance)),
                Transports),
            info => AgentProcess.Start(agentEnvironment is null ? info : info with { Environment = Merge(info.Environment, agentEnvironment) }),
            new WorktreeManager(new GitRunner()),
            host,
            Observer,
            null,
            TimeProvider.System,
            NullLoggerFactory.Instance);
    }

    public BridgeOptions Options { get; }

    /// <summary>Every transport the bridge created, in order: which protocol each session ran on.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<ISessionTransport> Transports { get; } = new();

    public BridgeLoop Loop { get; }

    /// <summary>Every answer the bridge got from the server, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<RecordedResponse> Responses => _recorder.Responses;

    public RecordingObserver Observer { get; } = new();

    public Task<BridgeExit> Run { get; private set; } = null!;

    public string EnvironmentId => Loop.EnvironmentId!;

    public static Task<BridgeHarness> StartAsync(
        LoopbackServer server, string directory, SpawnMode mode = SpawnMode.SameDir, int capacity = 4, AgentSpec? agent = null,
        IReadOnlyDictionary<string, string?>? agentEnvironment = null, SessionRunnerOptions? session = null,
        Func<BridgeOptions, BridgeOptions>? configure = null) =>
        StartAsync(server.BaseAddress, directory, mode, capacity, agent, agentEnvironment, session, configure);

    /// <summary>A bridge against any server URL (a server process, or a proxy in front of one) using the owner token.</summary>
    public static async Task<BridgeHarness> StartAsync(
        Uri serverUrl, string directory, SpawnMode mode = SpawnMode.SameDir, int capacity = 4, AgentSpec? agent = null,
        IReadOnlyDictionary<string, string?>? agentEnvironment = null, SessionRunnerOptions? session = null,
        Func<BridgeOptions, BridgeOptions>? configure = null)
    {
        var options = new BridgeOptions
        {
            ServerUrl = serverUrl,
            Directory = directory,
            MachineName = "test-machine",
            Branch = "main",
            SpawnMode = mode,
            Capacity = capacity,
            Agent = agent ?? AgentSpec.Builtin,
            PollInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            Session = session ?? SessionRunnerOptions.Default with { StopGrace = TimeSpan.FromSeconds(5), FlushGrace = TimeSpan.FromSeconds(5) },
        };
        var harness = new BridgeHarness(serverUrl, configure?.Invoke(options) ?? options, agentEnvironment);
        harness.Run = harness.Loop.RunAsync(harness._stop.Token);
        await Eventually.TrueAsync(() => harness.Loop.EnvironmentId is not null || harness.Run.IsCompleted, because: "the bridge registers");
        Assert.False(harness.Run.IsCompleted, "the bridge stopped right after starting: " + string.Join(" | ", harness.Observer.Lines));
        return harness;
    }

    /// <summary>Ctrl+C: graceful shutdown, awaited.</summary>
    public async Task<BridgeExit> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run;
    }

    public async ValueTask DisposeAsync()
    {
        if (Run is not null && !Run.IsCompleted)
        {
            await StopAsync();
        }

        _client.Dispose();
        _recorder.Dispose();
        _handler.Dispose();
        _stop.Dispose();
    }

    private static Dictionary<string, string?> Merge(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b)
    {
        var merged = new Dictionary<string, string?>(a);
        foreach (var (key, value) in b)
        {
            merged[key] = value;
        }

        return merged;
    }
}
