namespace Tether.Server.CodeSessions;

/// <summary>The outcome of checking a worker JWT: its claims, or why it was refused.</summary>
internal sealed record WorkerTokenCheck(WorkerClaims? Claims, bool Expired, string? Failure)
{
    public static WorkerTokenCheck Valid(WorkerClaims claims) => new(claims, false, null);

    public static WorkerTokenCheck Invalid(string failure, bool expired = false) => new(null, expired, failure);
}
