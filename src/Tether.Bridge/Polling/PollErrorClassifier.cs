using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Tether.Client.Environments;
using Tether.Client.Http;

namespace Tether.Bridge.Polling;

/// <summary>
/// Maps Environments-API answers and exceptions to <see cref="PollError"/>s with the reference's rules and messages
/// (§2.4, §7.2). Only 200 and 204 are success; 201 is an error on these endpoints.
/// </summary>
internal static class PollErrorClassifier
{
    public const string LoginInstruction = "Please run `tether login` to sign in.";
    public const string SessionExpiredMessage = "Remote Control session has expired. Please restart with `tether bridge`.";
    public const string EnvironmentExpiredType = "environment_expired";

    /// <summary>Classifies an HTTP answer; null for 200 and 204.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The response body (may be empty or not JSON).</param>
    /// <param name="context">What was being done, for example <c>Poll</c>; prefixes the message.</param>
    public static PollError? ClassifyStatus(int status, string? body, string context)
    {
        if (status is 200 or 204)
        {
            return null;
        }

        var (detail, errorType) = ExtractDetail(body);
        var suffix = detail is null ? string.Empty : $": {detail}";
        return status switch
        {
            401 => Fatal($"{context}: Authentication failed (401){suffix}. {LoginInstruction}"),
            403 => Fatal(
                IsExpiredType(errorType) ? SessionExpiredMessage : $"{context}: Access denied (403){suffix}. Check your organization permissions.",
                suppressed: detail is not null && (detail.Contains("external_poll_sessions", StringComparison.Ordinal) || detail.Contains("environments:manage", StringComparison.Ordinal))),
            404 => Fatal(detail ?? $"{context}: Not found (404). Remote Control may not be available for this organization."),
            410 => Fatal(detail ?? SessionExpiredMessage, errorType ?? EnvironmentExpiredType),
            429 => new PollError(PollErrorKind.RateLimited, BackoffTrack.General, $"{context}: Rate limited (429). Polling too frequently.", status, errorType),
            >= 500 => new PollError(PollErrorKind.Transient, BackoffTrack.Connection, $"{context}: Server error ({status}){suffix}", status, errorType),
            _ => new PollError(PollErrorKind.Transient, BackoffTrack.General, $"{context}: Failed with status {status}{suffix}", status, errorType),
        };

        PollError Fatal(string message, string? type = null, bool suppressed = false) =>
            new(PollErrorKind.Fatal, BackoffTrack.General, message, status, type ?? errorType, suppressed);
    }

    /// <summary>Classifies an <see cref="ApiError"/> from <see cref="EnvironmentsClient"/> (status 0: no answer came back).</summary>
    public static PollError Classify(ApiError error, string context)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Status == 0)
        {
            if (error.Type == EnvironmentsClient.CertificateRejectedType)
            {
                // The message is ConnectionFailure's, word for word what the preflight says; it names the CA variables.
                return new PollError(PollErrorKind.Fatal, BackoffTrack.General, error.Message, null, error.Type);
            }

            return error.Type == EnvironmentsClient.InvalidIdType
                ? new PollError(PollErrorKind.Transient, BackoffTrack.General, $"{context}: {error.Message}", null, error.Type)
                : new PollError(PollErrorKind.Transient, BackoffTrack.Connection,
                    error.Type == EnvironmentsClient.TimeoutType ? $"{context}: The request timed out" : $"{context}: Cannot reach the server ({error.Message})",
                    null, error.Type);
        }

        if (error.Status is 200 or 204)
        {
            // A success status with a body that did not parse.
            return new PollError(PollErrorKind.Transient, BackoffTrack.General, $"{context}: {error.Message}", error.Status, error.Type);
        }

        return ClassifyStatus(error.Status, DetailBody(error), context)!;
    }

    /// <summary>Classifies a failure that produced no HTTP answer (network, timeout, bad payload).</summary>
    /// <remarks>Call only when the caller's own token was not cancelled: that is shutdown, not an error.</remarks>
    public static PollError ClassifyException(Exception exception, string context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            HttpRequestException { StatusCode: { } status } => ClassifyStatus((int)status, null, context)
                ?? new PollError(PollErrorKind.Transient, BackoffTrack.General, $"{context}: {exception.Message}", (int)status, null),
            HttpRequestException certificate when ConnectionFailure.IsCertificateProblem(certificate, out _) =>
                new PollError(PollErrorKind.Fatal, BackoffTrack.General, $"{context}: {ConnectionFailure.Describe(certificate, "the server")}", null,
                    EnvironmentsClient.CertificateRejectedType),
            HttpRequestException or SocketException or IOException =>
                new PollError(PollErrorKind.Transient, BackoffTrack.Connection, $"{context}: Cannot reach the server ({exception.Message})", null, null),
            TimeoutException or OperationCanceledException =>
                new PollError(PollErrorKind.Transient, BackoffTrack.Connection, $"{context}: The request timed out", null, null),
            _ => new PollError(PollErrorKind.Transient, BackoffTrack.General, $"{context}: {exception.Message}", null, null),
        };
    }

    // Rebuilds the reference error envelope so one code path extracts detail and type.
    private static string DetailBody(ApiError error) =>
        JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
        {
            ["error"] = new() { ["type"] = error.Type, ["message"] = error.Message },
        }, PollErrorJsonContext.Default.DictionaryStringDictionaryStringString);

    /// <summary>True when an <c>error.type</c> means the session or environment expired.</summary>
    public static bool IsExpiredType(string? errorType) =>
        errorType is not null && (errorType.Contains("expired", StringComparison.Ordinal) || errorType.Contains("lifetime", StringComparison.Ordinal));

    // The reference reads body.message, else body.error.message, and the type from body.error.type.
    private static (string? Detail, string? ErrorType) ExtractDetail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? detail = root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
            string? type = null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                detail ??= error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString() : null;
                type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }

            return (string.IsNullOrEmpty(detail) ? null : detail, type);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
