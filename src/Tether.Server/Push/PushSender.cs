using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tether.Server.Push;

/// <summary>
/// POSTs encrypted messages to push services (RFC 8030) with VAPID authorization, retrying 429, 5xx and network errors a
/// bounded number of times with doubling delays. Connections go only to addresses <see cref="PushTargetPolicy"/> allows,
/// checked on the resolved address itself. Logs name the push service's host, never the endpoint path or any key.
/// </summary>
internal sealed partial class PushSender : IDisposable
{
    private const int MaxTopicLength = 32;

    private readonly HttpClient _http;
    private readonly ServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PushSender> _logger;

    public PushSender(ServerOptions options, PushTargetPolicy policy, TimeProvider timeProvider, ILogger<PushSender> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context, cancellationToken),
        };
        _http = new HttpClient(handler) { Timeout = options.Push.RequestTimeout };
    }

    public async Task<PushOutcome> SendAsync(
        VapidKey key, PushSubscriptionRecord subscription, ReadOnlyMemory<byte> plaintext, PushKind kind, string topic, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(subscription.Endpoint);
        var body = WebPushEncryption.Encrypt(plaintext.Span, Base64Url.DecodeFromChars(subscription.P256dh), Base64Url.DecodeFromChars(subscription.Auth));
        var push = _options.Push;
        var subject = push.Subject ?? _options.PublicUrl!;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.ContentEncoding.Add("aes128gcm");
                request.Headers.TryAddWithoutValidation("Authorization", VapidAuthorization.Create(key, endpoint, subject, _timeProvider.GetUtcNow()));
                request.Headers.Add("TTL", ((long)push.MessageTtl.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("Urgency", kind == PushKind.NeedsApproval ? "high" : "normal");
                if (topic.Length <= MaxTopicLength)
                {
                    // A newer message with the same topic replaces an undelivered older one at the push service (RFC 8030 §5.4).
                    request.Headers.Add("Topic", topic);
                }
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return PushOutcome.Delivered;
                }

                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    LogGone(_logger, endpoint.Host, subscription.Id, status.Value);
                    return PushOutcome.Gone;
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
                {
                    LogRefused(_logger, endpoint.Host, subscription.Id, status.Value);
                    return PushOutcome.Failed;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, endpoint.Host, subscription.Id, attempt, ex.GetType().Name);
            }

            if (attempt >= push.MaxAttempts)
            {
                LogGaveUp(_logger, endpoint.Host, subscription.Id, attempt, status);
                return PushOutcome.Failed;
            }

            var backoff = push.RetryDelay * Math.Pow(2, attempt - 1);
            var delay = retryAfter is { } asked && asked > backoff ? asked : backoff;
            await Task.Delay(delay < push.MaxRetryDelay ? delay : push.MaxRetryDelay, _timeProvider, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async ValueTask<Stream> ConnectAsync(PushTargetPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(policy.MayConnect).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The push service host {host} resolves only to addresses this server does not send to.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Push service {Host} reports subscription {SubscriptionId} gone ({Status}); deleting it")]
    private static partial void LogGone(ILogger logger, string host, string subscriptionId, int status);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Push service {Host} refused a message for subscription {SubscriptionId} with {Status}")]
    private static partial void LogRefused(ILogger logger, string host, string subscriptionId, int status);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Push service {Host} unreachable for subscription {SubscriptionId} (attempt {Attempt}): {Error}")]
    private static partial void LogUnreachable(ILogger logger, string host, string subscriptionId, int attempt, string error);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "Gave up on a message to {Host} for subscription {SubscriptionId} after {Attempts} attempts (last status {Status})")]
    private static partial void LogGaveUp(ILogger logger, string host, string subscriptionId, int attempts, int? status);
}
