namespace Tether.Bridge.Polling;

/// <summary>Which error budget a poll failure is charged to (reference §7.2).</summary>
internal enum BackoffTrack
{
    /// <summary>The server could not be reached or answered 5xx.</summary>
    Connection,

    /// <summary>Any other non-fatal failure (429, unexpected 4xx, a bad response).</summary>
    General,
}
