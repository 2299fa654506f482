namespace Tether.Server.Events;

/// <summary>The store refused a commit (disk full, database down); the append did not happen and may be retried.</summary>
internal sealed class EventLogUnavailableException(string message, Exception inner) : Exception(message, inner);
