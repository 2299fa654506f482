namespace Tether.Server.Environments;

/// <summary>States of a work item: queued → claimed (by a poll) → acked (the bridge runs it) → stopped.</summary>
internal static class WorkStates
{
    public const string Queued = "queued";

    public const string Claimed = "claimed";

    public const string Acked = "acked";

    public const string Stopped = "stopped";
}
