namespace Tether.Client.Http;

/// <summary>A failed API call: the HTTP status (0 when the server could not be reached), the error type and message.</summary>
/// <param name="Status">HTTP status, or 0 for a network failure or timeout.</param>
/// <param name="Type">The server's <c>error.type</c>, or <c>network_error</c>.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record ApiError(int Status, string Type, string Message)
{
    /// <summary>Worth retrying: network failures, 429 and 5xx.</summary>
    public bool IsTransient => Status is 0 or 429 or >= 500;

    /// <inheritdoc />
    public override string ToString() => Status == 0 ? Message : $"{Status} {Type}: {Message}";
}
