using Tether.Protocol.Auth;

namespace Tether.Client.Auth;

/// <summary>The end of a device login: a token, or the OAuth error that ended it.</summary>
/// <param name="Grant">The token when the login was approved.</param>
/// <param name="Error">An <see cref="OAuthError"/> code (<c>access_denied</c>, <c>expired_token</c> …) otherwise.</param>
/// <param name="Description">The server's explanation of <paramref name="Error"/>.</param>
public sealed record DeviceLoginResult(DeviceTokenGrant? Grant, string? Error, string? Description);
