namespace Tether.Server.Push;

/// <summary>Why a session notifies.</summary>
internal enum PushKind
{
    /// <summary>A permission prompt (<c>can_use_tool</c>) is waiting.</summary>
    NeedsApproval,

    /// <summary>A turn ended (a <c>result</c> event).</summary>
    Finished,
}
