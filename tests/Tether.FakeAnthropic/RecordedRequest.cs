namespace Tether.FakeAnthropic;

/// <summary>A request the fake received, kept so tests can assert on what the client sent.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query string.</param>
/// <param name="Body">The raw request body (empty when there was none).</param>
/// <param name="StatusCode">What the fake answered.</param>
public sealed record RecordedRequest(string Method, string Path, string Body, int StatusCode)
{
    /// <summary>The parsed Messages API body, for <c>POST /v1/messages</c> requests.</summary>
    public MessagesRequest? Messages => Path.StartsWith("/v1/messages?", StringComparison.Ordinal) || Path == "/v1/messages"
        ? MessagesRequest.TryParse(Body)
        : null;
}
