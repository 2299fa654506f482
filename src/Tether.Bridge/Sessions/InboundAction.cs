namespace Tether.Bridge.Sessions;

/// <summary>What to do with one inbound client event.</summary>
internal enum InboundAction
{
    /// <summary>Write it to the agent's stdin.</summary>
    ForwardToAgent,

    /// <summary>Answer it on the agent's behalf by writing the reply to the server.</summary>
    ReplyToServer,

    /// <summary>Ignore it (a repeat, a keep-alive, or a type the agent does not take).</summary>
    Drop,
}
