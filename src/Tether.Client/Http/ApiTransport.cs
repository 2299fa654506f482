using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tether.Protocol.Json;

namespace Tether.Client.Http;

/// <summary>Sends JSON requests with a bearer token and turns every outcome into an <see cref="ApiResult{T}"/>.</summary>
public sealed class ApiTransport
{
    private readonly HttpClient _http;

    /// <summary>Creates a transport for <paramref name="baseUrl"/> authenticating with <paramref name="token"/>.</summary>
    public ApiTransport(Uri baseUrl, string? token, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        BaseUrl = baseUrl;
        Token = token;
        // Without a handler of the caller's, the shared outbound rules apply: environment proxy and extra CA bundles.
        _http = handler is null ? new HttpClient(OutboundHttp.CreateHandler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseUrl;
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
    }

    /// <summary>The server's base URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bearer token, if any.</summary>
    public string? Token { get; }

    /// <summary>Sends a request with an optional JSON body and reads a JSON response.</summary>
    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, string? jsonBody, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<T>.Failure(ReadError((int)response.StatusCode, text));
            }

            return JsonSerializer.Deserialize(text, responseType) is { } value
                ? ApiResult<T>.Success(value)
                : ApiResult<T>.Failure(new ApiError((int)response.StatusCode, "invalid_response", "The server answered with an empty body."));
        }
        catch (HttpRequestException ex)
        {
            return ApiResult<T>.Failure(new ApiError(0, "network_error", ConnectionFailure.Describe(ex, BaseUrl.ToString())));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult<T>.Failure(new ApiError(0, "network_error", $"{BaseUrl} did not answer within {_http.Timeout.TotalSeconds:0} s."));
        }
        catch (JsonException ex)
        {
            return ApiResult<T>.Failure(new ApiError(200, "invalid_response", $"The server's answer was not the expected JSON: {ex.Message}"));
        }
    }

    private static ApiError ReadError(int status, string text)
    {
        try
        {
            var body = JsonSerializer.Deserialize(text, TetherJsonContext.Default.ErrorBody);
            if (body?.Error is { } detail)
            {
                return new ApiError(status, detail.Type, detail.Message);
            }
        }
        catch (JsonException)
        {
            // Not our error shape (a proxy's HTML page, say); fall through to the raw text.
        }

        return new ApiError(status, "http_error", text.Length > 200 ? text[..200] : text);
    }
}
