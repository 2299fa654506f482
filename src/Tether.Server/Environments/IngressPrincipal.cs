namespace Tether.Server.Environments;

/// <summary>Who writes to a session through ingress: a worker holding an ingress token, or a user with an API token.</summary>
/// <param name="OrgId">The org the credential belongs to.</param>
/// <param name="Actor">Recorded as the writer: the ingress token id or the user id.</param>
/// <param name="IngressTokenExpiresAt">For a session ingress token, its expiry, when an open socket must close; null for a user token.</param>
/// <param name="UserCredentialId">For a user API token, its credential id, watched for revocation and expiry; null for an ingress token.</param>
internal sealed record IngressPrincipal(string OrgId, string Actor, DateTimeOffset? IngressTokenExpiresAt = null, string? UserCredentialId = null);
