using System.Text.Json;

namespace Tether.Server.CodeSessions;

/// <summary>A checked <c>PUT …/worker</c>: raw JSON parts keep "absent" and "null" apart for the merge.</summary>
internal sealed record WorkerUpdate(
    long Epoch, string? WorkerStatus, JsonElement RequiresActionDetails, JsonElement ExternalMetadata, JsonElement InternalMetadata, bool Disconnected);
