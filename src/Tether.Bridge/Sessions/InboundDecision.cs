namespace Tether.Bridge.Sessions;

/// <summary>The routing of one inbound event.</summary>
/// <param name="Action">Forward, reply or drop.</param>
/// <param name="Json">The line to forward or the reply to send.</param>
/// <param name="Title">A session title this event carries (a first prompt or a rename), if any.</param>
/// <param name="RenamesSession">True when <paramref name="Title"/> is an explicit rename.</param>
/// <param name="Reason">Why it was dropped, for debug logs.</param>
internal readonly record struct InboundDecision(InboundAction Action, string? Json, string? Title = null, bool RenamesSession = false, string? Reason = null)
{
    public static InboundDecision Drop(string reason) => new(InboundAction.Drop, null, Reason: reason);
}
