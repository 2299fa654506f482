namespace Tether.Server.Environments;

/// <summary>A freshly claimed work item with the ingress token issued for it and the session's start-up settings.</summary>
/// <param name="Work">The claimed item.</param>
/// <param name="IngressToken">The session ingress token issued for it (also the v2 worker credential).</param>
/// <param name="IngressTokenExpiresAt">When that token stops being accepted; sent to the bridge so it can refresh ahead.</param>
/// <param name="PermissionMode">The session's permission mode, if set.</param>
/// <param name="SessionContextJson">The session's <c>session_context</c>.</param>
/// <param name="UseCodeSessions">The org's transport choice when the work was claimed: true for the v2 worker protocol.</param>
internal sealed record ClaimedWork(WorkItemRecord Work, string IngressToken, DateTimeOffset IngressTokenExpiresAt, string? PermissionMode, string? SessionContextJson, bool UseCodeSessions);
