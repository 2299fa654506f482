namespace Tether.Server.Environments;

/// <summary>How an ack, heartbeat or stop of a work item ended.</summary>
internal enum WorkUpdateStatus
{
    Ok,

    /// <summary>No such work item on that environment.</summary>
    NotFound,

    /// <summary>The work item was stopped; acks and heartbeats are refused.</summary>
    Stopped,

    /// <summary>The item has not been acked yet, so there is no lease to extend.</summary>
    NotAcked,
}
