namespace Tether.Server.Auth;

/// <summary>A caller, or why there is none. <see cref="Forbidden"/> failures answer 403 instead of 401.</summary>
internal sealed record AuthOutcome(Caller? Caller, string? Failure, bool Forbidden = false)
{
    public static AuthOutcome Success(Caller caller) => new(caller, null);

    public static AuthOutcome Fail(string message) => new(null, message);

    /// <summary>The credential is valid but this request may not use it (for example a cookie request without its CSRF token).</summary>
    public static AuthOutcome Deny(string message) => new(null, message, Forbidden: true);
}
