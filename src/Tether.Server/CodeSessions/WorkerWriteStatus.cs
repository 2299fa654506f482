namespace Tether.Server.CodeSessions;

/// <summary>How a worker-state write ended.</summary>
internal enum WorkerWriteStatus
{
    Ok,
    NotFound,
    Archived,
    EpochMismatch,
    Invalid,
}
