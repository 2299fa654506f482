namespace Tether.Server.CodeSessions;

/// <summary>The outcome of a <c>PUT …/worker</c>: the new state, and the session status before and after.</summary>
internal sealed record WorkerStatusChange(WorkerRow Row, string StatusBefore, string StatusAfter);
