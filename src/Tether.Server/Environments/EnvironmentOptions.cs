namespace Tether.Server.Environments;

/// <summary>Timings and limits of the Environments API (remote-protocol §3). Defaults are the documented ones.</summary>
public sealed class EnvironmentOptions
{
    /// <summary>How long a work poll is held open when nothing is queued; below the reference client's 10 s timeout.</summary>
    public TimeSpan PollHold { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Claimed-but-unacked work is handed out again after this long, unless the poll names its own value.</summary>
    public TimeSpan DefaultReclaimAfter { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Lifetime of a session ingress token issued with each claim.</summary>
    public TimeSpan IngressTokenLifetime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Lease granted by ack and extended by each heartbeat.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>An environment polled within this window is reported as <c>active</c> by the providers list.</summary>
    public TimeSpan ActiveWindow { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>An environment not polled for this long is taken offline and its work stopped (reference <c>BRIDGE_LAST_POLL_TTL</c>).</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How often the sweeper looks for idle environments.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Oldest bridge (<c>x-environment-runner-version</c>) allowed to register.</summary>
    public string MinBridgeVersion { get; init; } = "0.0.0";

    /// <summary>Poll interval advised to bridges that are not at capacity.</summary>
    public TimeSpan AdvisedPollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
