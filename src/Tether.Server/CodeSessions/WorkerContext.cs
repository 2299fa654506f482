namespace Tether.Server.CodeSessions;

/// <summary>The authenticated worker of a request: its JWT's claims and the session's worker state when it was checked.</summary>
internal sealed record WorkerContext(WorkerClaims Claims, WorkerRow Row);
