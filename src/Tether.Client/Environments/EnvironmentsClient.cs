using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tether.Client.Http;
using Tether.Protocol.Environments;
using Tether.Protocol.Ids;
using Tether.Protocol.Json;

namespace Tether.Client.Environments;

/// <summary>
/// The Environments API as a bridge uses it (reference §3): register, long-poll for work, ack, heartbeat, stop,
/// deregister, reconnect a session, archive, list environments and read the bridge config. Every request carries the
/// reference headers (<c>anthropic-version</c>, <c>anthropic-beta: environments-2025-11-01</c>,
/// <c>x-environment-runner-version</c>); only 200 and 204 count as success (201 is an error, as in the reference client).
/// Ids from the server are checked against <c>^[A-Za-z0-9_-]+$</c> before they go into a path. Nothing throws for HTTP or
/// network failures: every outcome is an <see cref="ApiResult{T}"/> whose <see cref="ApiError.Status"/> is 0 when no answer
/// came back.
/// </summary>
public sealed class EnvironmentsClient : IDisposable
{
    /// <summary><see cref="ApiError.Type"/> of a server id that is not path-safe.</summary>
    public const string InvalidIdType = "invalid_id";

    /// <summary><see cref="ApiError.Type"/> when no answer arrived within the timeout.</summary>
    public const string TimeoutType = "timeout";

    /// <summary><see cref="ApiError.Type"/> when the server could not be reached.</summary>
    public const string NetworkErrorType = "network_error";

    /// <summary><see cref="ApiError.Type"/> when a 200 answer was not the expected JSON.</summary>
    public const string InvalidResponseType = "invalid_response";

    private readonly HttpClient _http;
    private readonly EnvironmentsClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Action<string>? _debug;

    /// <summary>Creates a client.</summary>
    /// <param name="baseUrl">The server, for example <c>https://tether.example.com</c>.</param>
    /// <param name="userToken">The user's API token (register, stop, deregister, reconnect, archive).</param>
    /// <param name="options">Headers and timeouts.</param>
    /// <param name="handler">The HTTP handler; null uses <see cref="OutboundHttp.CreateHandler"/>. Not disposed by this client.</param>
    /// <param name="timeProvider">The clock for timeouts.</param>
    /// <param name="debug">Receives one line per request and answer, with secrets redacted (<see cref="SecretRedactor"/>).</param>
    public EnvironmentsClient(
        Uri baseUrl, string userToken, EnvironmentsClientOptions options, HttpMessageHandler? handler = null,
        TimeProvider? timeProvider = null, Action<string>? debug = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        BaseUrl = baseUrl;
        UserToken = userToken;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _debug = debug;
        _http = handler is null ? new HttpClient(OutboundHttp.CreateHandler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseUrl;
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The server.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The user's API token; replace it after a re-login.</summary>
    public string UserToken { get; set; }

    /// <summary><c>POST /v1/environments/bridge</c>: registers (or, with an environment id, re-registers) a bridge.</summary>
    public Task<ApiResult<RegisterEnvironmentResponse>> RegisterAsync(RegisterEnvironmentRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/environments/bridge", UserToken, Serialize(request, TetherJsonContext.Default.RegisterEnvironmentRequest),
            _options.RegisterTimeout, TetherJsonContext.Default.RegisterEnvironmentResponse, cancellationToken);

    /// <summary><c>GET /v1/environments/{env}/work/poll</c> with the environment secret; a <c>null</c> or empty body means no work.</summary>
    public async Task<ApiResult<PolledWork>> PollAsync(string environmentId, string environmentSecret, int? reclaimOlderThanMs, CancellationToken cancellationToken)
    {
        if (!CheckIds(out var invalid, environmentId))
        {
            return ApiResult<PolledWork>.Failure(invalid);
        }

        var query = reclaimOlderThanMs is { } ms ? $"?reclaim_older_than_ms={ms.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        var answer = await SendRawAsync(HttpMethod.Get, $"/v1/environments/{environmentId}/work/poll{query}", environmentSecret, null, _options.RequestTimeout, cancellationToken);
        if (answer.Error is not null)
        {
            return ApiResult<PolledWork>.Failure(answer.Error);
        }

        var text = answer.Body.Trim();
        if (text.Length == 0 || text == "null")
        {
            return ApiResult<PolledWork>.Success(PolledWork.None);
        }

        return Parse(text, answer.Status, TetherJsonContext.Default.WorkResponse) is { Ok: true } parsed
            ? ApiResult<PolledWork>.Success(new PolledWork(parsed.Value))
            : ApiResult<PolledWork>.Failure(new ApiError(answer.Status, InvalidResponseType, "The work poll answer was not a work item."));
    }

    /// <summary><c>POST …/work/{work}/ack</c> with the work's session ingress token.</summary>
    public Task<ApiResult<bool>> AckAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken) =>
        CheckIds(out var invalid, environmentId, workId)
            ? SendEmptyAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/ack", ingressToken, "{}", cancellationToken)
            : Task.FromResult(ApiResult<bool>.Failure(invalid));

    /// <summary><c>POST …/work/{work}/heartbeat</c> with the work's session ingress token: extends the lease.</summary>
    public Task<ApiResult<HeartbeatResponse>> HeartbeatAsync(string environmentId, string workId, string ingressToken, CancellationToken cancellationToken) =>
        CheckIds(out var invalid, environmentId, workId)
            ? SendAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/heartbeat", ingressToken, "{}", _options.RequestTimeout,
                TetherJsonContext.Default.HeartbeatResponse, cancellationToken)
            : Task.FromResult(ApiResult<HeartbeatResponse>.Failure(invalid));

    /// <summary><c>POST …/work/{work}/stop</c> with the user's token.</summary>
    public Task<ApiResult<bool>> StopWorkAsync(string environmentId, string workId, bool force, CancellationToken cancellationToken) =>
        CheckIds(out var invalid, environmentId, workId)
            ? SendEmptyAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/stop", UserToken,
                Serialize(new StopWorkRequest { Force = force }, TetherJsonContext.Default.StopWorkRequest), cancellationToken)
            : Task.FromResult(ApiResult<bool>.Failure(invalid));

    /// <summary><c>DELETE /v1/environments/bridge/{env}</c>.</summary>
    public Task<ApiResult<bool>> DeregisterAsync(string environmentId, CancellationToken cancellationToken) =>
        CheckIds(out var invalid, environmentId)
            ? SendEmptyAsync(HttpMethod.Delete, $"/v1/environments/bridge/{environmentId}", UserToken, null, cancellationToken)
            : Task.FromResult(ApiResult<bool>.Failure(invalid));

    /// <summary><c>POST /v1/environments/{env}/bridge/reconnect</c>: the server re-queues the session as new work (with a fresh token).</summary>
    public Task<ApiResult<bool>> ReconnectSessionAsync(string environmentId, string sessionId, CancellationToken cancellationToken) =>
        CheckIds(out var invalid, environmentId, sessionId)
            ? SendEmptyAsync(HttpMethod.Post, $"/v1/environments/{environmentId}/bridge/reconnect", UserToken,
                Serialize(new ReconnectRequest { SessionId = sessionId }, TetherJsonContext.Default.ReconnectRequest), cancellationToken)
            : Task.FromResult(ApiResult<bool>.Failure(invalid));

    /// <summary><c>POST /v1/sessions/{id}/archive</c>; 409 (already archived) counts as success.</summary>
    public async Task<ApiResult<bool>> ArchiveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!CheckIds(out var invalid, sessionId))
        {
            return ApiResult<bool>.Failure(invalid);
        }

        var answer = await SendRawAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/archive", UserToken, "{}", _options.RequestTimeout, cancellationToken,
            acceptStatus: status => status is 200 or 204 or 409);
        return answer.Error is null ? ApiResult<bool>.Success(true) : ApiResult<bool>.Failure(answer.Error);
    }

    /// <summary>
    /// The sequence number of the last event the agent side wrote in a session (0 when none): where a bridge that
    /// takes over a session resumes its inbound stream, so history the previous agent handled is not replayed while
    /// prompts sent since are still delivered.
    /// </summary>
    public async Task<ApiResult<long>> LastWorkerSequenceAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!CheckIds(out var invalid, sessionId))
        {
            return ApiResult<long>.Failure(invalid);
        }

        long last = 0;
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var path = $"/v1/code/sessions/{sessionId}/teleport-events?limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await SendAsync(HttpMethod.Get, path, UserToken, null, _options.RequestTimeout, TetherJsonContext.Default.TeleportEventsPage, cancellationToken);
            if (!page.Ok)
            {
                return ApiResult<long>.Failure(page.Error);
            }

            foreach (var item in page.Value.Data)
            {
                if (item.Source == "worker")
                {
                    last = Math.Max(last, item.SequenceNum);
                }
            }

            if ((cursor = page.Value.NextCursor) is null)
            {
                break;
            }
        }

        return ApiResult<long>.Success(last);
    }

    /// <summary><c>GET /v1/environment_providers</c>.</summary>
    public Task<ApiResult<EnvironmentProvidersPage>> ListProvidersAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/v1/environment_providers", UserToken, null, _options.RequestTimeout, TetherJsonContext.Default.EnvironmentProvidersPage, cancellationToken);

    /// <summary><c>GET /v1/environments/config</c>: the server's minimum bridge version and advised timings.</summary>
    public Task<ApiResult<BridgeConfig>> GetConfigAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/v1/environments/config", UserToken, null, _options.RequestTimeout, TetherJsonContext.Default.BridgeConfig, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static bool CheckIds(out ApiError error, params string[] ids)
    {
        foreach (var id in ids)
        {
            if (!PathSafeId.IsValid(id))
            {
                error = new ApiError(0, InvalidIdType, $"Refusing an id that is not path-safe (^[A-Za-z0-9_-]+$): '{(id?.Length > 40 ? id[..40] + "…" : id)}'.");
                return false;
            }
        }

        error = null!;
        return true;
    }

    private async Task<ApiResult<bool>> SendEmptyAsync(HttpMethod method, string path, string token, string? body, CancellationToken cancellationToken)
    {
        var answer = await SendRawAsync(method, path, token, body, _options.RequestTimeout, cancellationToken);
        return answer.Error is null ? ApiResult<bool>.Success(true) : ApiResult<bool>.Failure(answer.Error);
    }

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, string token, string? body, TimeSpan timeout, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var answer = await SendRawAsync(method, path, token, body, timeout, cancellationToken);
        return answer.Error is not null ? ApiResult<T>.Failure(answer.Error) : Parse(answer.Body, answer.Status, typeInfo);
    }

    private static ApiResult<T> Parse<T>(string text, int status, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(text, typeInfo) is { } value
                ? ApiResult<T>.Success(value)
                : ApiResult<T>.Failure(new ApiError(status, InvalidResponseType, "The server answered with an empty body."));
        }
        catch (JsonException ex)
        {
            return ApiResult<T>.Failure(new ApiError(status, InvalidResponseType, $"The server's answer was not the expected JSON: {ex.Message}"));
        }
    }

    private async Task<RawAnswer> SendRawAsync(
        HttpMethod method, string path, string token, string? body, TimeSpan timeout, CancellationToken cancellationToken, Func<int, bool>? acceptStatus = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("anthropic-version", EnvironmentsClientOptions.VersionHeaderValue);
        request.Headers.Add("anthropic-beta", EnvironmentsClientOptions.BetaHeaderValue);
        request.Headers.Add("x-environment-runner-version", _options.RunnerVersion);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        _debug?.Invoke($"→ {method} {path} {SecretRedactor.Redact(body)}");
        using var timeoutCts = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var status = (int)response.StatusCode;
            _debug?.Invoke($"← {status} {method} {path} {SecretRedactor.Redact(text)}");
            return (acceptStatus ?? (s => s is 200 or 204))(status)
                ? new RawAnswer(status, text, null)
                : new RawAnswer(status, text, ErrorFrom(status, text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _debug?.Invoke($"← timeout {method} {path}");
            return new RawAnswer(0, string.Empty, new ApiError(0, TimeoutType, $"{BaseUrl} did not answer within {timeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException ex)
        {
            _debug?.Invoke($"← network error {method} {path}: {ex.Message}");
            return new RawAnswer(0, string.Empty, new ApiError(0, NetworkErrorType, ConnectionFailure.Describe(ex, BaseUrl.ToString())));
        }
    }

    // The reference reads body.message, else body.error.message, and the type from body.error.type (§2.4).
    private static ApiError ErrorFrom(int status, string text)
    {
        string? message = null;
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    message ??= error.TryGetProperty("message", out var em) && em.ValueKind == JsonValueKind.String ? em.GetString() : null;
                    type = error.TryGetProperty("type", out var et) && et.ValueKind == JsonValueKind.String ? et.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the status alone says what happened.
        }

        return new ApiError(status, type ?? "http_error", message ?? (status == 201 ? "Failed with status 201" : $"Failed with status {status}"));
    }

    private sealed record RawAnswer(int Status, string Body, ApiError? Error);
}
