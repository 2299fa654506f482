namespace Tether.Server.Events;

/// <summary>States of a <c>can_use_tool</c> prompt in <c>pending_actions</c>.</summary>
internal static class PendingActionStates
{
    public const string Pending = "pending";
    public const string Answered = "answered";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}
