using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tether.Bridge.Relay;
using Tether.Client.Http;

namespace Tether.Bridge.Transports.V1;

/// <summary>
/// The write side of session ingress v1 (§4.4): <c>POST /v1/session_ingress/session/{id}/events</c> with
/// <c>{"events":[…]}</c> and the session token. 2xx delivered; 429, 5xx, network failures and 401/403 (the token may be
/// refreshed meanwhile) retried; any other 4xx dropped. A 429 or 503 with <c>Retry-After</c> is not retried before that
/// wait (capped by <see cref="V1TransportOptions.MaxRetryAfter"/>). The server deduplicates by uuid, so a retried batch
/// whose first attempt was stored is not stored twice.
/// </summary>
internal sealed partial class IngressEventPoster(
    HttpClient http, Uri postUrl, Func<string> token, V1TransportOptions options, TimeProvider timeProvider, ILogger logger, Action onAuthRejected)
{
    private string? _lastDeliveredUuid;

    /// <summary>The uuid of the last event the server accepted (sent as <c>X-Last-Request-Id</c> on reconnect).</summary>
    public string? LastDeliveredUuid => Volatile.Read(ref _lastDeliveredUuid);

    public async Task<UploadOutcome> UploadAsync(IReadOnlyList<OutboundEvent> batch, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("{\"events\":[");
        for (var i = 0; i < batch.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(batch[i].Json);
        }

        body.Append("]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, postUrl)
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token());
        using var timeoutCts = new CancellationTokenSource(options.PostTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                if (UuidOf(batch[^1].Json) is { } uuid)
                {
                    Volatile.Write(ref _lastDeliveredUuid, uuid);
                }

                return UploadOutcome.Delivered;
            }

            if (status is 401 or 403)
            {
                onAuthRejected();
                return UploadOutcome.Retry;
            }

            if (status is not (429 or >= 500))
            {
                return UploadOutcome.Drop;
            }

            if (status is 429 or 503 && RetryAfter.Capped(RetryAfter.Of(response), options.MaxRetryAfter) is { } wait)
            {
                // The batcher's own backoff follows; the server's wait is the floor, not a replacement.
                Log.RetryAfter(logger, postUrl.AbsolutePath, status, wait);
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            return UploadOutcome.Retry;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return UploadOutcome.Retry;
        }
    }

    private static string? UuidOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("uuid", out var uuid) && uuid.ValueKind == JsonValueKind.String ? uuid.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Session ingress `{Path}` answered {Status}; waiting {Wait} as the server asked")]
        public static partial void RetryAfter(ILogger logger, string path, int status, TimeSpan wait);
    }
}
