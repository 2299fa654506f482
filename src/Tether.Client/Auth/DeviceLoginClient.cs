using System.Net;
using System.Text.Json;
using Tether.Client.Http;
using Tether.Protocol.Auth;

namespace Tether.Client.Auth;

/// <summary>
/// The client side of RFC 8628 device login: ask for a code, show it to the user, poll until approved. Polling honours the
/// interval and <c>slow_down</c> (each adds 5 s), and rides out transient failures until the code expires.
/// </summary>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the server, ending in <c>/</c>.</param>
/// <param name="timeProvider">The clock the polling waits on.</param>
public sealed class DeviceLoginClient(HttpClient http, TimeProvider timeProvider)
{
    private static readonly TimeSpan s_slowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>Starts a login; the answer holds the user code and the page to approve it on.</summary>
    public async Task<DeviceAuthorization> StartAsync(string clientName, string? scope, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string> { ["client_name"] = clientName };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        try
        {
            using var response = await http.PostAsync("v1/auth/device/code", new FormUrlEncodedContent(fields), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = TryParseError(body);
                throw new DeviceLoginException(
                    $"The server refused the login ({(int)response.StatusCode}): {error?.ErrorDescription ?? error?.Error ?? body}");
            }

            return JsonSerializer.Deserialize(body, AuthJsonContext.Default.DeviceAuthorization)
                ?? throw new DeviceLoginException("The server sent an empty device authorization.");
        }
        catch (HttpRequestException ex)
        {
            throw new DeviceLoginException(ConnectionFailure.Describe(ex, http.BaseAddress?.ToString() ?? "the server"), ex);
        }
        catch (JsonException ex)
        {
            throw new DeviceLoginException($"{http.BaseAddress} does not look like a Tether server: {ex.Message}", ex);
        }
    }

    /// <summary>Polls until the user approves or denies, or the code expires.</summary>
    public async Task<DeviceLoginResult> WaitForApprovalAsync(DeviceAuthorization authorization, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, authorization.Interval));
        var deadline = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(authorization.ExpiresIn);
        while (timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(interval, timeProvider, cancellationToken);
            var (grant, error) = await PollOnceAsync(authorization.DeviceCode, cancellationToken);
            if (grant is not null)
            {
                return new DeviceLoginResult(grant, null, null);
            }

            switch (error?.Error)
            {
                case OAuthError.AuthorizationPending:
                case null:
                    continue;
                case OAuthError.SlowDown:
                    interval += s_slowDownStep;
                    continue;
                default:
                    return new DeviceLoginResult(null, error.Error, error.ErrorDescription);
            }
        }

        return new DeviceLoginResult(null, OAuthError.ExpiredToken, "The code expired before it was approved.");
    }

    /// <summary>One token request. A null error with a null grant means a transient failure (network, 5xx): poll again.</summary>
    private async Task<(DeviceTokenGrant? Grant, OAuthError? Error)> PollOnceAsync(string deviceCode, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = DeviceGrant.GrantType,
            ["device_code"] = deviceCode,
        });
        try
        {
            using var response = await http.PostAsync("v1/auth/device/token", form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (JsonSerializer.Deserialize(body, AuthJsonContext.Default.DeviceTokenGrant), null);
            }

            return response.StatusCode == HttpStatusCode.BadRequest && TryParseError(body) is { } error
                ? (null, error)
                : (null, null);
        }
        catch (HttpRequestException)
        {
            return (null, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout: transient.
            return (null, null);
        }
    }

    private static OAuthError? TryParseError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AuthJsonContext.Default.OAuthError);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
