namespace Tether.Bridge.Preflight;

/// <summary>The outcome of the checks before registering: fine, or a message that says how to fix it.</summary>
/// <param name="Message">Null when every check passed.</param>
/// <param name="Transient">True when the server could not be reached (worth retrying later), false for a problem to fix.</param>
internal sealed record PreflightResult(string? Message, bool Transient = false)
{
    public static PreflightResult Passed { get; } = new((string?)null);

    public bool Ok => Message is null;
}
