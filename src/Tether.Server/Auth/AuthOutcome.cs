namespace Tether.Server.Auth;

/// <summary>A caller, or why there is none.</summary>
internal sealed record AuthOutcome(Caller? Caller, string? Failure)
{
    public static AuthOutcome Success(Caller caller) => new(caller, null);

    public static AuthOutcome Fail(string message) => new(null, message);
}
