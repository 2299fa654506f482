namespace Tether.Bridge.Polling;

/// <summary>How the poll loop reacts to an error.</summary>
internal enum PollErrorKind
{
    /// <summary>Stop the loop: retrying cannot help (401, 403, 404, 410, a rejected TLS certificate).</summary>
    Fatal,

    /// <summary>429: back off on the general track.</summary>
    RateLimited,

    /// <summary>Retry with backoff on <see cref="PollError.Track"/>.</summary>
    Transient,
}
