namespace Tether.Server.Events;

/// <summary>Either the accepted events or the status and message of the first problem.</summary>
internal sealed record ValidationResult(IReadOnlyList<IncomingEvent>? Events, int Status, string? Error)
{
    public static ValidationResult Valid(IReadOnlyList<IncomingEvent> events) => new(events, 200, null);

    public static ValidationResult Invalid(int status, string error) => new(null, status, error);
}
