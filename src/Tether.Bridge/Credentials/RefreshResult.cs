namespace Tether.Bridge.Credentials;

/// <summary>How <see cref="TokenRefreshSchedule.Completed"/> took the outcome of a refresh request.</summary>
internal enum RefreshResult
{
    /// <summary>The server took the request; the new token comes with the re-dispatched work.</summary>
    AwaitingToken,

    /// <summary>The request failed; another attempt is scheduled after the retry delay.</summary>
    RetryScheduled,

    /// <summary>The request failed for the last allowed time.</summary>
    GaveUp,

    /// <summary>A newer token arrived while the request ran: its outcome no longer matters and was discarded.</summary>
    Stale,
}
