using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tether.Client.Http;

namespace Tether.Client.CodeSessions;

/// <summary>
/// The worker endpoints of one code session (<c>{api_base_url}/v1/code/sessions/{cse}/worker…</c>), authenticated with
/// the worker token. Every call returns a <see cref="WorkerCallResult"/>; nothing throws for an HTTP status.
/// </summary>
public sealed class WorkerApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _path;
    private readonly Func<string> _token;

    /// <summary>A client for session <paramref name="sessionId"/> at <paramref name="apiBaseUrl"/> with <paramref name="workerJwt"/>.</summary>
    public WorkerApi(Uri apiBaseUrl, string sessionId, string workerJwt, HttpMessageHandler? handler = null)
        : this(apiBaseUrl, sessionId, () => workerJwt, handler)
    {
    }

    /// <summary>
    /// A client whose credential is read before every request, so a refreshed token (a bridge's re-dispatch) is used from
    /// the next call on.
    /// </summary>
    public WorkerApi(Uri apiBaseUrl, string sessionId, Func<string> token, HttpMessageHandler? handler = null)
    {
        _token = token;
        // Without a handler of the caller's, the shared outbound rules apply: environment proxy and extra CA bundles.
        _http = handler is null ? new HttpClient(OutboundHttp.CreateHandler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = apiBaseUrl;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        _path = $"/v1/code/sessions/{Uri.EscapeDataString(sessionId)}/worker";
    }

    /// <summary><c>POST /worker/register</c> (env-dispatched v2): bumps the epoch; the body carries <c>worker_epoch</c>.</summary>
    public Task<WorkerCallResult> RegisterAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/register", "{}", TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary><c>PUT /worker</c>: the worker status, what a pending prompt is about, and viewer metadata.</summary>
    public Task<WorkerCallResult> PutStateAsync(long epoch, string status, JsonElement? requiresActionDetails, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "", Json(w =>
        {
            w.WriteNumber("worker_epoch", epoch);
            w.WriteString("worker_status", status);
            w.WritePropertyName("requires_action_details");
            if (requiresActionDetails is { } details)
            {
                details.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartObject("external_metadata");
            w.WriteNull("pending_action");
            w.WriteNull("task_summary");
            w.WriteEndObject();
        }), TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary><c>POST /worker/heartbeat</c>.</summary>
    public Task<WorkerCallResult> HeartbeatAsync(string sessionId, long epoch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/heartbeat", Json(w =>
        {
            w.WriteString("session_id", sessionId);
            w.WriteNumber("worker_epoch", epoch);
        }), TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary><c>POST /worker/events</c>: outbound messages in order; <c>stream_event</c>s are marked ephemeral.</summary>
    public Task<WorkerCallResult> PostEventsAsync(long epoch, IReadOnlyList<JsonElement> payloads, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/events", Json(w =>
        {
            w.WriteNumber("worker_epoch", epoch);
            w.WriteStartArray("events");
            foreach (var payload in payloads)
            {
                w.WriteStartObject();
                w.WritePropertyName("payload");
                payload.WriteTo(w);
                if (payload.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "stream_event")
                {
                    w.WriteBoolean("ephemeral", true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }), TimeSpan.FromSeconds(15), cancellationToken);

    /// <summary><c>POST /worker/events/delivery</c>: how far this worker got with inbound events.</summary>
    public Task<WorkerCallResult> ReportDeliveryAsync(long epoch, IReadOnlyList<(string EventId, string Status)> updates, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/events/delivery", Json(w =>
        {
            w.WriteNumber("worker_epoch", epoch);
            w.WriteStartArray("updates");
            foreach (var (eventId, status) in updates)
            {
                w.WriteStartObject();
                w.WriteString("event_id", eventId);
                w.WriteString("status", status);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }), TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Opens <c>GET /worker/events/stream</c> after <paramref name="fromSequenceNum"/>; the caller owns the response.</summary>
    public async Task<(HttpResponseMessage? Response, int Status)> OpenStreamAsync(long fromSequenceNum, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_path}/events/stream?from_sequence_num={fromSequenceNum}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (fromSequenceNum > 0)
        {
            request.Headers.Add("Last-Event-ID", fromSequenceNum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (response, (int)response.StatusCode);
            }

            var status = (int)response.StatusCode;
            response.Dispose();
            return (null, status);
        }
        catch (HttpRequestException)
        {
            return (null, 0);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<WorkerCallResult> SendAsync(HttpMethod method, string suffix, string body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, _path + suffix) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token());
        try
        {
            using var response = await _http.SendAsync(request, timeoutSource.Token);
            return new WorkerCallResult((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeoutSource.Token))
            {
                RetryAfter = RetryAfterOf(response),
            };
        }
        catch (HttpRequestException ex)
        {
            return new WorkerCallResult(0, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WorkerCallResult(0, $"no answer within {timeout.TotalSeconds:0} s");
        }
    }

    // Seconds, or an HTTP date read against the response's own Date header (the local clock may disagree with the server's).
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } at } when response.Headers.Date is { } sent => at - sent,
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
