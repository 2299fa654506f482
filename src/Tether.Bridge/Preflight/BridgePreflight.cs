using System.Net.Http.Headers;
using System.Text.Json;
using Tether.Client.Http;

namespace Tether.Bridge.Preflight;

/// <summary>
/// The gates before a bridge registers, in order (reference §13), each failing with a message that says what to do:
/// the server accepts the login, the login's scope allows Remote Control, its organization resolves, the organization's
/// policy allows Remote Control and this bridge is at least the server's minimum version.
/// </summary>
/// <param name="http">A client for the server (base address set); its token is sent per request.</param>
/// <param name="server">The server URL, as the user gave it (for messages).</param>
/// <param name="token">The user's API token.</param>
/// <param name="bridgeVersion">This bridge's version, checked against the server's minimum.</param>
internal sealed class BridgePreflight(HttpClient http, string server, string token, Version bridgeVersion)
{
    public const string RemoteControlScope = "remote_control";

    private string Login => $"run `tether login --server {server}`";

    public async Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
    {
        var (status, body, failure) = await GetAsync("/v1/auth/me", cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (status == 404)
        {
            // A server without /v1/auth/me: an authenticated list call still proves the login.
            (status, _, failure) = await GetAsync("/v1/sessions?limit=1", cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            return status switch
            {
                200 => await CheckServerConfigAsync(cancellationToken),
                401 => new PreflightResult($"The server at {server} did not accept your login (401): {Login}."),
                _ => new PreflightResult($"The server at {server} answered {status} to a login check; {Login}."),
            };
        }

        if (status == 401)
        {
            return new PreflightResult($"The server at {server} did not accept your login (401): {Login}.");
        }

        if (status != 200)
        {
            return new PreflightResult($"The server at {server} answered {status} to a login check; {Login}.", Transient: status >= 500);
        }

        using (var me = JsonDocument.Parse(body))
        {
            var root = me.RootElement;
            var scopes = root.TryGetProperty("scopes", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(e => e.GetString()).ToHashSet()
                : null;
            if (scopes is not null && !scopes.Contains(RemoteControlScope))
            {
                return new PreflightResult(
                    $"This login cannot run a bridge: it lacks the `{RemoteControlScope}` scope. {char.ToUpperInvariant(Login[0])}{Login[1..]} again, or use a token created with that scope.");
            }

            if (!root.TryGetProperty("org_id", out var org) || org.ValueKind != JsonValueKind.String || org.GetString() is not { Length: > 0 })
            {
                return new PreflightResult($"Cannot determine your organization from this login; {Login} again.");
            }
        }

        return await CheckServerConfigAsync(cancellationToken);
    }

    private async Task<PreflightResult> CheckServerConfigAsync(CancellationToken cancellationToken)
    {
        var (status, body, failure) = await GetAsync("/v1/environments/config", cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (status == 403)
        {
            return new PreflightResult($"Remote Control is disabled by your organization's policy ({Detail(body)}). Ask an org admin to allow it.");
        }

        if (status != 200)
        {
            // Older servers have no config endpoint; registration enforces policy and version there.
            return PreflightResult.Passed;
        }

        using var config = JsonDocument.Parse(body);
        if (config.RootElement.TryGetProperty("min_version", out var min) && min.ValueKind == JsonValueKind.String
            && Version.TryParse(min.GetString(), out var minimum) && Normalize(bridgeVersion) < Normalize(minimum))
        {
            return new PreflightResult(
                $"This bridge (version {bridgeVersion.ToString(3)}) is too old for {server}, which needs at least {min.GetString()}. Update tether and try again.");
        }

        return PreflightResult.Passed;
    }

    // A rejected certificate is not transient: retrying cannot help until the user installs the CA bundle.
    private async Task<(int Status, string Body, PreflightResult? Failure)> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("anthropic-version", "2023-06-01");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), null);
        }
        catch (HttpRequestException ex) when (ConnectionFailure.IsCertificateProblem(ex, out _))
        {
            return (0, "", new PreflightResult(ConnectionFailure.Describe(ex, server)));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (0, "", new PreflightResult($"Cannot reach {server}: {ex.Message}. Is the server running, and is --server right?", Transient: true));
        }
    }

    private static Version Normalize(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0));

    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() ?? "403" : "403";
        }
        catch (JsonException)
        {
            return "403";
        }
    }
}
