namespace Tether.Server.CodeSessions;

/// <summary>What a valid worker JWT says.</summary>
/// <param name="SessionId">The session body (without <c>cse_</c>).</param>
/// <param name="OrgId">The session's org.</param>
/// <param name="Epoch">The worker epoch it was minted for; null for a session-scoped token whose epoch comes from <c>/worker/register</c>.</param>
/// <param name="TokenId">The <c>jti</c>.</param>
/// <param name="ExpiresAt">The <c>exp</c>.</param>
internal sealed record WorkerClaims(string SessionId, string OrgId, long? Epoch, string TokenId, DateTimeOffset ExpiresAt);
