using System.Text.Json;

namespace Tether.Client.CodeSessions;

/// <summary>One <c>client_event</c> frame of the worker stream (remote-protocol §5.2).</summary>
/// <param name="EventId">The stored event's id, used in delivery reports.</param>
/// <param name="SequenceNum">Its position in the session (the SSE <c>id</c>).</param>
/// <param name="EventType">The payload's type.</param>
/// <param name="Payload">The SDK message a client sent (user, control_request, control_response …).</param>
public sealed record WorkerStreamEvent(string EventId, long SequenceNum, string EventType, JsonElement Payload);
