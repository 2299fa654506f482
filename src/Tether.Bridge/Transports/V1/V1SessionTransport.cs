using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tether.Bridge.Relay;

namespace Tether.Bridge.Transports.V1;

/// <summary>
/// Session ingress v1 for one session: <see cref="IngressSocketReader"/> reads client events, and an
/// <see cref="OutboundBatcher"/> uploads the agent's output through <see cref="IngressEventPoster"/> (ordered, one POST in
/// flight). Both run inside <see cref="RunAsync"/>, which awaits them.
/// </summary>
internal sealed class V1SessionTransport : ISessionTransport
{
    private readonly Channel<string> _inbound;
    private readonly OutboundQueue _outbound;
    private readonly IngressSocketReader _reader;
    private readonly IngressEventPoster _poster;
    private readonly OutboundBatcher _batcher;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopReading = new();
    private string _token;
    private TransportEnd? _readEnd;

    public V1SessionTransport(SessionTransportRequest request, HttpClient http, HttpMessageInvoker socketInvoker, V1TransportOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _token = request.Token;
        _timeProvider = timeProvider;
        _inbound = Channel.CreateBounded<string>(new BoundedChannelOptions(options.InboundCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _outbound = new OutboundQueue(options.OutboundCapacity, timeProvider);
        var server = request.ServerUrl.ToString().TrimEnd('/');
        var id = Uri.EscapeDataString(request.SessionId);
        _poster = new IngressEventPoster(http, new Uri($"{server}/v1/session_ingress/session/{id}/events"), () => Volatile.Read(ref _token),
            options, timeProvider, logger, RaiseAuthRejected);
        var scheme = request.ServerUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var socketUrl = new UriBuilder(request.ServerUrl) { Scheme = scheme, Path = $"/v1/session_ingress/ws/{id}", Query = "" }.Uri;
        _reader = new IngressSocketReader(socketUrl, () => Volatile.Read(ref _token), () => _poster.LastDeliveredUuid, socketInvoker,
            _inbound.Writer, options, timeProvider, logger, state => StateChanged?.Invoke(state), RaiseAuthRejected);
        _batcher = new OutboundBatcher(_outbound.Reader, _poster.UploadAsync, timeProvider, logger: logger);
        _reader.ResumeAfter(request.ResumeAfterSequenceNum);
    }

    public ChannelReader<string> Inbound => _inbound.Reader;

    public TransportEnd? ReadEnd => Volatile.Read(ref _readEnd);

    public long LastSequenceNum => _reader.LastSequenceNum;

    public event Action<TransportState>? StateChanged;

    public event Action? AuthRejected;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var readToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopReading.Token);
        using var uploadToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _outbound.Stopping);
        var read = ReadAsync(readToken.Token);
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
        }
    }

    // Session ingress has no delivery reports: the reconnect replay point is the last uploaded uuid.
    public ValueTask InboundHandledAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> WriteAsync(string json, CancellationToken cancellationToken) => _outbound.WriteAsync(json, cancellationToken);

    public void CompleteWrites(TimeSpan flushGrace) => _outbound.Complete(flushGrace);

    public void UpdateToken(string token) => Volatile.Write(ref _token, token);

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var end = await _reader.RunAsync(cancellationToken);
        Volatile.Write(ref _readEnd, end);
    }

    private void RaiseAuthRejected() => AuthRejected?.Invoke();
}
