using System.Threading.Channels;

namespace Tether.Bridge.Transports;

/// <summary>
/// How one session talks to the server: inbound client events (prompts, permission answers, control requests) as JSON
/// lines, and the agent's output written back in order. v1 is session ingress (WebSocket read, HTTP POST write); a v2
/// transport (SSE read, <c>/worker/*</c> writes with epochs) plugs in behind the same seam.
/// </summary>
/// <remarks>
/// The owner calls <see cref="RunAsync"/> once and awaits it. It returns after <see cref="CompleteWrites"/> once every
/// queued write went out (or the flush grace ran out), or when its token is cancelled. <see cref="Inbound"/> completes
/// when reading stops; <see cref="ReadEnd"/> then says whether the server ended it for good.
/// </remarks>
internal interface ISessionTransport
{
    /// <summary>Client events in order, each one JSON object without a trailing newline.</summary>
    ChannelReader<string> Inbound { get; }

    /// <summary>Why reading stopped for good, or null while it runs (or when it was stopped by the owner).</summary>
    TransportEnd? ReadEnd { get; }

    /// <summary>Fires on every connection state change.</summary>
    event Action<TransportState>? StateChanged;

    /// <summary>Fires when the server rejected the session token; the owner should fetch a fresh one (bridge/reconnect).</summary>
    event Action? AuthRejected;

    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The session took the oldest inbound event not yet reported (forwarded it to the agent, answered or dropped it):
    /// v2 reports it delivered, so the server stops redelivering it.
    /// </summary>
    ValueTask InboundHandledAsync(CancellationToken cancellationToken);

    /// <summary>Queues one event for upload; false once writes were completed.</summary>
    ValueTask<bool> WriteAsync(string json, CancellationToken cancellationToken);

    /// <summary>No more writes: flush what is queued within <paramref name="flushGrace"/>, then stop reading.</summary>
    void CompleteWrites(TimeSpan flushGrace);

    /// <summary>Uses a new session token from the next request or reconnect on.</summary>
    void UpdateToken(string token);
}
