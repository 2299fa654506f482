namespace Tether.Bridge.Credentials;

/// <summary>What <see cref="TokenRefreshSchedule.Next"/> decided.</summary>
internal enum RefreshStep
{
    /// <summary>Nothing to do yet (or no expiry is known).</summary>
    NotDue,

    /// <summary>Ask for a fresh token now, then report with <see cref="TokenRefreshSchedule.Completed"/>.</summary>
    Start,

    /// <summary>The last allowed attempt failed: no more refreshes ahead for this token.</summary>
    GaveUp,
}
