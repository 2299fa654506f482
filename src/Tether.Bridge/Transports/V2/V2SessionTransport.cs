using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tether.Bridge.Relay;
using Tether.Client.CodeSessions;
using Tether.Client.Http;
using Tether.Protocol.Ids;

namespace Tether.Bridge.Transports.V2;

/// <summary>
/// The code-sessions v2 transport for one env-dispatched session (§5, §7.3): <c>POST /worker/register</c> for the epoch,
/// <c>PUT /worker</c> idle, then the worker stream read with resume, ordered <c>/worker/events</c> uploads (one in
/// flight), heartbeats and status pushes, all inside <see cref="RunAsync"/>, which awaits them. A 409 anywhere means a
/// newer worker took the session: reading ends and the server re-dispatches.
/// </summary>
internal sealed partial class V2SessionTransport : ISessionTransport
{
    private readonly SessionTransportRequest _request;
    private readonly V2TransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WorkerApi _api;
    private readonly Channel<string> _inbound;
    private readonly OutboundQueue _outbound;
    private readonly Channel<WorkerState> _states = Channel.CreateBounded<WorkerState>(
        new BoundedChannelOptions(8) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly OutboundBatcher _batcher;
    private readonly CancellationTokenSource _stopReading = new();
    private string _token;
    private long _epoch;
    private TransportEnd? _readEnd;

    public V2SessionTransport(SessionTransportRequest request, HttpMessageHandler handler, V2TransportOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _request = request;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _token = request.Token;
        var sessionId = SessionIds.TryGetBody(request.SessionId, out var body) ? SessionIds.ToInfra(body) : request.SessionId;
        _api = new WorkerApi(request.ServerUrl, sessionId, () => Volatile.Read(ref _token), handler);
        _inbound = Channel.CreateBounded<string>(new BoundedChannelOptions(options.InboundCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _outbound = new OutboundQueue(options.OutboundCapacity, timeProvider);
        _batcher = new OutboundBatcher(_outbound.Reader, UploadAsync, timeProvider, logger: logger);
    }

    public ChannelReader<string> Inbound => _inbound.Reader;

    public TransportEnd? ReadEnd => Volatile.Read(ref _readEnd);

    /// <summary>The epoch <c>/worker/register</c> gave this worker (0 until then).</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public event Action<TransportState>? StateChanged;

    public event Action? AuthRejected;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var readToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopReading.Token);
        using var uploadToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _outbound.Stopping);
        try
        {
            StateChanged?.Invoke(TransportState.Connecting);
            if (!await RegisterAsync(readToken.Token) || !await InitializeAsync(readToken.Token))
            {
                return;
            }

            var read = ReadLoopAsync(readToken.Token);
            var heartbeat = HeartbeatLoopAsync(readToken.Token);
            var states = StateLoopAsync(readToken.Token);
            try
            {
                await _batcher.RunAsync(uploadToken.Token);
            }
            catch (OperationCanceledException) when (uploadToken.IsCancellationRequested)
            {
                // Out of flush grace, or the owner stopped us: what is left is dropped.
            }
            finally
            {
                await _stopReading.CancelAsync();
                await read;
                await heartbeat;
                await states;
            }
        }
        catch (OperationCanceledException) when (readToken.IsCancellationRequested)
        {
            // Stopped while registering.
        }
        finally
        {
            _inbound.Writer.TryComplete();
            _outbound.Close();
            StateChanged?.Invoke(TransportState.Closed);
            _api.Dispose();
        }
    }

    public ValueTask<bool> WriteAsync(string json, CancellationToken cancellationToken) => _outbound.WriteAsync(json, cancellationToken);

    public void CompleteWrites(TimeSpan flushGrace) => _outbound.Complete(flushGrace);

    public void UpdateToken(string token) => Volatile.Write(ref _token, token);

    // §7.3: register, one retry after 2 s, else the work is stopped (the session fails instead of running unheard).
    private async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        var result = await _api.RegisterAsync(cancellationToken);
        if (!result.Ok)
        {
            Log.RegisterRetry(_logger, _request.SessionId, result.Status);
            await Task.Delay(_options.RegisterRetryDelay, _timeProvider, cancellationToken);
            result = await _api.RegisterAsync(cancellationToken);
        }

        if (result.Ok && ReadEpoch(result.Body) is { } epoch)
        {
            Interlocked.Exchange(ref _epoch, epoch);
            Log.Registered(_logger, _request.SessionId, epoch);
            return true;
        }

        End(new TransportEnd(result.Status == 0 ? null : result.Status, $"worker registration failed ({result.Status})", StopWork: true));
        return false;
    }

    private async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        var result = await _api.PutStateAsync(Epoch, WorkerState.Idle.Status, null, cancellationToken);
        if (result.Ok)
        {
            return true;
        }

        End(result.EpochSuperseded
            ? Superseded()
            : new TransportEnd(result.Status == 0 ? null : result.Status, $"worker init failed ({result.Status})", StopWork: true));
        return false;
    }

    private async Task<UploadOutcome> UploadAsync(IReadOnlyList<OutboundEvent> batch, CancellationToken cancellationToken)
    {
        var payloads = new List<JsonElement>(batch.Count);
        WorkerState? state = null;
        foreach (var line in batch)
        {
            try
            {
                using var document = JsonDocument.Parse(line.Json);
                payloads.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                // The runner only writes JSON objects; anything else could never be stored.
                continue;
            }

            state = WorkerStatusRules.ForOutbound(line) ?? state;
        }

        var result = await _api.PostEventsAsync(Epoch, payloads, cancellationToken);
        if (result.Ok)
        {
            // Pushed after the batch is stored, so a viewer never sees "idle" before the result it follows.
            if (state is not null)
            {
                _states.Writer.TryWrite(state);
            }

            return UploadOutcome.Delivered;
        }

        if (result.EpochSuperseded)
        {
            End(Superseded());
            return UploadOutcome.Drop;
        }

        if (result.AuthFailed)
        {
            AuthRejected?.Invoke();
            return UploadOutcome.Retry;
        }

        if (!result.Transient)
        {
            return UploadOutcome.Drop;
        }

        if (ServerWait(result) is { } wait)
        {
            // The batcher's own backoff follows; the server's wait is the floor, not a replacement.
            Log.RetryAfter(_logger, _request.SessionId, "events", result.Status, wait);
            await Task.Delay(wait, _timeProvider, cancellationToken);
        }

        return UploadOutcome.Retry;
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var delay = _options.HeartbeatInterval;
            while (true)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
                var result = await _api.HeartbeatAsync(SessionIds.ToInfra(SessionIds.TryGetBody(_request.SessionId, out var body) ? body : _request.SessionId), Epoch, cancellationToken);
                if (result.EpochSuperseded)
                {
                    End(Superseded());
                    return;
                }

                if (result.AuthFailed)
                {
                    AuthRejected?.Invoke();
                }

                delay = _options.HeartbeatInterval;
                if (ServerWait(result) is { } wait && wait > delay)
                {
                    Log.RetryAfter(_logger, _request.SessionId, "heartbeat", result.Status, wait);
                    delay = wait;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Transport stopped.
        }
    }

    // Coalescing like the reference WorkerStateUploader: the newest state wins, identical consecutive states go out once.
    private async Task StateLoopAsync(CancellationToken cancellationToken)
    {
        WorkerState? last = WorkerState.Idle;
        try
        {
            await foreach (var state in _states.Reader.ReadAllAsync(cancellationToken))
            {
                if (state.SameAs(last))
                {
                    continue;
                }

                for (var attempt = 1; ; attempt++)
                {
                    var result = await _api.PutStateAsync(Epoch, state.Status, state.RequiresActionDetails, cancellationToken);
                    if (result.EpochSuperseded)
                    {
                        End(Superseded());
                        return;
                    }

                    if (result.Ok || !result.Transient || attempt >= _options.StateAttempts || _states.Reader.Count > 0)
                    {
                        last = result.Ok ? state : null;
                        break;
                    }

                    var delay = _options.StateRetryDelay * attempt;
                    await Task.Delay(ServerWait(result) is { } wait && wait > delay ? wait : delay, _timeProvider, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Transport stopped.
        }
    }

    // A transient failure's Retry-After (429, 503), bounded by MaxRetryAfter; null when the server named no wait.
    private TimeSpan? ServerWait(WorkerCallResult result) =>
        result.Transient ? RetryAfter.Capped(result.RetryAfter, _options.MaxRetryAfter) : null;

    private TransportEnd Superseded() => new(409, "a newer worker registered for this session");

    // Reading stops for good: the runner sees the end, stops the agent, and the session ends.
    private void End(TransportEnd end)
    {
        if (Interlocked.CompareExchange(ref _readEnd, end, null) is null)
        {
            Log.Ended(_logger, _request.SessionId, end.CloseCode, end.Reason);
            _inbound.Writer.TryComplete();
            _stopReading.Cancel();
        }
    }

    private static long? ReadEpoch(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("worker_epoch", out var value))
            {
                return null;
            }

            // The reference allows the epoch as a number or a numeric string (§5).
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
                : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
