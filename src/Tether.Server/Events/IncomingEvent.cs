using System.Text.Json;

namespace Tether.Server.Events;

/// <summary>A validated event about to be appended.</summary>
/// <param name="Payload">The SDK message as received.</param>
/// <param name="PayloadJson">Its JSON text, stored as is.</param>
/// <param name="Type">The payload's <c>type</c>.</param>
/// <param name="Subtype">For control messages, the request or response subtype.</param>
/// <param name="Uuid">The idempotency key, if any.</param>
/// <param name="RequestId">For control messages, their <c>request_id</c>.</param>
/// <param name="Ephemeral">Fanned out live but never stored (stream_event, keep_alive is dropped earlier).</param>
internal sealed record IncomingEvent(
    JsonElement Payload, string PayloadJson, string Type, string? Subtype, string? Uuid, string? RequestId, bool Ephemeral)
{
    /// <summary>For a <c>control_response</c>: the permission behaviour (<c>allow</c>/<c>deny</c>), if present.</summary>
    public string? Behavior { get; init; }

    /// <summary>For a <c>can_use_tool</c> request: the tool.</summary>
    public string? ToolName { get; init; }
}
