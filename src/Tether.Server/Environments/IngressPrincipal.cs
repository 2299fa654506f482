namespace Tether.Server.Environments;

/// <summary>Who writes to a session through ingress: a worker holding an ingress token, or a user with an API token.</summary>
/// <param name="OrgId">The org the credential belongs to.</param>
/// <param name="Actor">Recorded as the writer: the ingress token id or the user id.</param>
internal sealed record IngressPrincipal(string OrgId, string Actor);
