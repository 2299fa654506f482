using Microsoft.AspNetCore.Http;

namespace Tether.Server.Auth;

/// <summary>Runs the registered authenticators in order; the first that recognises the credential decides.</summary>
internal sealed class RequestAuthenticator(IEnumerable<ICallerAuthenticator> authenticators)
{
    private const string ItemKey = "tether.caller";

    public async Task<AuthOutcome> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is Caller known)
        {
            return AuthOutcome.Success(known);
        }

        var outcome = await AuthenticateUncachedAsync(context, cancellationToken);
        if (outcome.Caller is { } caller)
        {
            context.Items[ItemKey] = caller;
        }

        return outcome;
    }

    /// <summary>
    /// Authenticates without remembering the caller in <see cref="HttpContext.Items"/>, for long-lived requests that read
    /// it only once: the items dictionary would otherwise stay allocated for the life of the connection.
    /// </summary>
    public async Task<AuthOutcome> AuthenticateUncachedAsync(HttpContext context, CancellationToken cancellationToken)
    {
        foreach (var authenticator in authenticators)
        {
            if (await authenticator.AuthenticateAsync(context, cancellationToken) is { } outcome)
            {
                return outcome;
            }
        }

        return AuthOutcome.Fail("Missing credentials: send `Authorization: Bearer <token>` (run `tether login`).");
    }

    /// <summary>The caller a filter already authenticated.</summary>
    public static Caller CallerOf(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is Caller caller
            ? caller
            : throw new InvalidOperationException("Endpoint is missing RequireCaller().");
}
