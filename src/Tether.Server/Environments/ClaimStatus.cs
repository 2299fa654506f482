namespace Tether.Server.Environments;

/// <summary>How one claim attempt of a poll ended.</summary>
internal enum ClaimStatus
{
    /// <summary>A work item was claimed.</summary>
    Claimed,

    /// <summary>Nothing to hand out (none queued, or the environment is at capacity).</summary>
    NoWork,

    /// <summary>The environment is unknown, deregistered or offline: the bridge must register again.</summary>
    EnvironmentGone,

    /// <summary>The environment secret does not match.</summary>
    BadSecret,
}
