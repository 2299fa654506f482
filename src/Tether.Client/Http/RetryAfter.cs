namespace Tether.Client.Http;

/// <summary>Reads a response's <c>Retry-After</c> (RFC 9110 §10.2.3) and bounds it.</summary>
public static class RetryAfter
{
    /// <summary>
    /// The wait the response asks for: seconds, or an HTTP date read against the response's own <c>Date</c> header (the
    /// local clock may disagree with the server's). Null when there is none; never negative.
    /// </summary>
    public static TimeSpan? Of(HttpResponseMessage response)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } at } when response.Headers.Date is { } sent => at - sent,
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>A positive <paramref name="wait"/> cut to <paramref name="cap"/> (a misconfigured proxy may ask for hours); null otherwise.</summary>
    public static TimeSpan? Capped(TimeSpan? wait, TimeSpan cap) =>
        wait is { } value && value > TimeSpan.Zero ? (value < cap ? value : cap) : null;
}
