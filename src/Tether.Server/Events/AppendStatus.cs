namespace Tether.Server.Events;

/// <summary>How an append ended.</summary>
internal enum AppendStatus
{
    Ok,
    SessionNotFound,
    SessionArchived,
    AlreadyAnswered,
    WorkerSuperseded,
}
