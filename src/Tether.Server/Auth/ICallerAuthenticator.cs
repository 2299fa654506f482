using Microsoft.AspNetCore.Http;

namespace Tether.Server.Auth;

/// <summary>One way of turning a request into a <see cref="Caller"/> (bearer tokens, cookies …).</summary>
internal interface ICallerAuthenticator
{
    /// <summary>Null result: this authenticator does not apply; a failure: it applies and the credential is bad.</summary>
    Task<AuthOutcome?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
