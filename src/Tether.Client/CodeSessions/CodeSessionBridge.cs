using System.Text.Json;
using System.Threading.Channels;
using Tether.Client.Http;
using Tether.Client.Sessions;

namespace Tether.Client.CodeSessions;

/// <summary>
/// An env-less bridge session (remote-protocol §6), the way a terminal mirrors itself to the server without an
/// environment: <c>POST /v1/code/sessions</c> with <c>bridge:{}</c>, <c>POST …/bridge</c> for a worker token and epoch, then
/// an SSE read stream (<see cref="Inbound"/>, acknowledged <c>received</c> and <c>processed</c> at once), serialised event
/// writes (<see cref="WriteAsync"/>), worker state (<see cref="ReportStateAsync"/>) and heartbeats. The token is renewed
/// before it expires, and a 401 recovers the same way: a new <c>/bridge</c> registration, the stream resumed from the last
/// sequence number. A 409 means another worker took over: the bridge fails. <see cref="CloseAsync"/> tears down as the
/// reference does: idle, a result, archive, close.
/// </summary>
public sealed partial class CodeSessionBridge : IAsyncDisposable
{
    private readonly CodeSessionsApi _api;
    private readonly SessionsClient _sessions;
    private readonly CodeSessionBridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<WorkerStreamEvent> _inbound;
    private WorkerConnection _connection;
    private Task _streamLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;
    private Task _refreshLoop = Task.CompletedTask;
    private long _sequenceNum;
    private string? _lastStatus;
    private int _disposed;

    private CodeSessionBridge(
        string sessionId, WorkerConnection connection, CodeSessionsApi api, SessionsClient sessions, CodeSessionBridgeOptions options, TimeProvider time)
    {
        SessionId = sessionId;
        _connection = connection;
        _api = api;
        _sessions = sessions;
        _options = options;
        _time = time;
        _inbound = Channel.CreateBounded<WorkerStreamEvent>(new BoundedChannelOptions(options.InboundCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    /// <summary>The <c>cse_…</c> id.</summary>
    public string SessionId { get; }

    /// <summary>The same session's Sessions API id (<c>session_…</c>), for archive and viewer URLs.</summary>
    public string CompatSessionId => CodeSessionIds.ToCompat(SessionId);

    /// <summary>The current worker epoch.</summary>
    public long Epoch => Volatile.Read(ref _connection).Credentials.WorkerEpoch;

    /// <summary>The highest stream sequence number received.</summary>
    public long SequenceNum => Interlocked.Read(ref _sequenceNum);

    /// <summary>The connection state.</summary>
    public CodeSessionBridgeState State { get; private set; } = CodeSessionBridgeState.Ready;

    /// <summary>Raised on every state change, with a detail (why it failed, for example).</summary>
    public event Action<CodeSessionBridgeState, string?>? StateChanged;

    /// <summary>Events from clients (prompts, permission answers, control requests), each once; completes when the bridge stops.</summary>
    public ChannelReader<WorkerStreamEvent> Inbound => _inbound.Reader;

    /// <summary>Creates the session, registers this worker and starts streaming.</summary>
    public static async Task<ApiResult<CodeSessionBridge>> StartAsync(
        ApiTransport userTransport, CodeSessionBridgeOptions options, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var time = timeProvider ?? TimeProvider.System;
        var api = new CodeSessionsApi(userTransport);
        var created = await api.CreateAsync(options.Title, options.Tags, options.Config, cancellationToken);
        if (!created.Ok)
        {
            return ApiResult<CodeSessionBridge>.Failure(created.Error);
        }

        var credentials = await api.BridgeAsync(created.Value, cancellationToken);
        if (!credentials.Ok)
        {
            return ApiResult<CodeSessionBridge>.Failure(credentials.Error);
        }

        var bridge = new CodeSessionBridge(created.Value, WorkerConnection.Open(created.Value, credentials.Value, time), api,
            new SessionsClient(userTransport, time), options, time);
        var init = await bridge.ReportStateAsync("idle", null, cancellationToken);
        if (!init.Ok)
        {
            await bridge.DisposeAsync();
            return ApiResult<CodeSessionBridge>.Failure(new ApiError(init.Status, "worker_init_failed", $"PUT /worker answered {init.Status}: {init.Body}"));
        }

        bridge.StartLoops();
        return ApiResult<CodeSessionBridge>.Success(bridge);
    }

    /// <summary>Uploads messages in order (one request at a time; retried while the failure is transient).</summary>
    public async Task<WorkerCallResult> WriteAsync(IReadOnlyList<JsonElement> payloads, CancellationToken cancellationToken)
    {
        if (payloads.Count == 0)
        {
            return new WorkerCallResult(200, "");
        }

        return await CallAsync(connection => connection.Api.PostEventsAsync(connection.Credentials.WorkerEpoch, payloads, cancellationToken), cancellationToken);
    }

    /// <summary>Reports <c>idle</c>, <c>running</c> or <c>requires_action</c> (consecutive repeats are not sent).</summary>
    public async Task<WorkerCallResult> ReportStateAsync(string status, JsonElement? requiresActionDetails, CancellationToken cancellationToken)
    {
        if (status == _lastStatus && requiresActionDetails is null)
        {
            return new WorkerCallResult(200, "");
        }

        var result = await CallAsync(c => c.Api.PutStateAsync(c.Credentials.WorkerEpoch, status, requiresActionDetails, cancellationToken), cancellationToken);
        if (result.Ok)
        {
            _lastStatus = status;
        }

        return result;
    }

    /// <summary>The reference teardown: report idle, write a result, archive the session (bounded), stop.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (State is not (CodeSessionBridgeState.Failed or CodeSessionBridgeState.Closed))
        {
            await ReportStateAsync("idle", null, cancellationToken);
            await WriteAsync([TeardownResult()], cancellationToken);
            using var budget = new CancellationTokenSource(_options.ArchiveTimeout, _time);
            using var archiveBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            try
            {
                await _sessions.ArchiveAsync(CompatSessionId, archiveBudget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Archive is best effort within its budget; the server archives stale sessions anyway.
            }
        }

        SetState(CodeSessionBridgeState.Closed, null);
        await DisposeAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await Quietly(_streamLoop);
        await Quietly(_heartbeatLoop);
        await Quietly(_refreshLoop);
        _inbound.Writer.TryComplete();
        Volatile.Read(ref _connection).Dispose();
        _retiredConnections.ForEach(c => c.Dispose());
        _stop.Dispose();
    }

    private JsonElement TeardownResult()
    {
        var json = $$"""
            {"type":"result","subtype":"success","duration_ms":0,"duration_api_ms":0,"is_error":false,"num_turns":0,"result":"","stop_reason":null,"total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},"modelUsage":{},"permission_denials":[],"session_id":"{{SessionId}}","uuid":"{{Guid.NewGuid()}}"}
            """;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private void SetState(CodeSessionBridgeState state, string? detail)
    {
        if (State == state || State == CodeSessionBridgeState.Closed)
        {
            return;
        }

        State = state;
        StateChanged?.Invoke(state, detail);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
