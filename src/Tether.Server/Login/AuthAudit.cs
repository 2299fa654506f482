using Microsoft.Extensions.Logging;

namespace Tether.Server.Login;

/// <summary>
/// The audit trail of sign-ins and credentials: who approved which device, which tokens were made or revoked, which
/// browser requests were refused. Ids only, never a secret, a device code or a login-link code.
/// </summary>
internal sealed partial class AuthAudit(ILogger<AuthAudit> logger)
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Device login {UserCode} {Decision} by user {UserId} in org {OrgId}")]
    public partial void DeviceDecided(string userCode, string decision, string userId, string orgId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Device login issued token {TokenId} to user {UserId} in org {OrgId}")]
    public partial void DeviceTokenIssued(string tokenId, string userId, string orgId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Login link redeemed: web session for user {UserId} in org {OrgId}")]
    public partial void LoginLinkRedeemed(string userId, string orgId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Login link refused (unknown, used or expired)")]
    public partial void LoginLinkRefused();

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "User {UserId} in org {OrgId} logged out ({Credential})")]
    public partial void LoggedOut(string userId, string orgId, string credential);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Token {TokenId} created by user {UserId} in org {OrgId} with scopes {Scopes}")]
    public partial void TokenCreated(string tokenId, string userId, string orgId, string scopes);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Token {TokenId} revoked by user {UserId} in org {OrgId}")]
    public partial void TokenRevoked(string tokenId, string userId, string orgId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Browser request {Method} {Path} refused: {Reason}")]
    public partial void BrowserRequestRefused(string method, string path, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Login link created for user {UserId} in org {OrgId}, valid until {ExpiresAt}")]
    public partial void LoginLinkCreated(string userId, string orgId, DateTimeOffset expiresAt);
}
