using System.Text.Json;

namespace Tether.Bridge.Transports.V2;

/// <summary>A worker status to push with <c>PUT /worker</c>, with what a pending permission prompt is about.</summary>
internal sealed record WorkerState(string Status, string? RequestId, JsonElement? RequiresActionDetails)
{
    public static WorkerState Idle { get; } = new("idle", null, null);

    public static WorkerState Running { get; } = new("running", null, null);

    /// <summary>Consecutive identical states are pushed once (§5.1 reportState).</summary>
    public bool SameAs(WorkerState? other) => other is not null && other.Status == Status && other.RequestId == RequestId;
}
