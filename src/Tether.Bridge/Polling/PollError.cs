namespace Tether.Bridge.Polling;

/// <summary>A classified Environments-API failure.</summary>
/// <param name="Kind">Fatal, rate limited or transient.</param>
/// <param name="Track">The backoff budget a non-fatal error is charged to.</param>
/// <param name="Message">The user-facing message.</param>
/// <param name="StatusCode">The HTTP status, when there was a response.</param>
/// <param name="ErrorType">The server's <c>error.type</c>, if any.</param>
/// <param name="Suppressed">True for 403s the reference does not show to the user (missing poll scopes).</param>
internal sealed record PollError(PollErrorKind Kind, BackoffTrack Track, string Message, int? StatusCode, string? ErrorType, bool Suppressed = false)
{
    public bool IsFatal => Kind == PollErrorKind.Fatal;
}
