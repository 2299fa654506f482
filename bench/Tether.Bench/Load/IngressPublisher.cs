namespace Tether.Bench.Load;

/// <summary>Tether's worker write path: one POST per batch (v1 session ingress or v2 worker events), one in flight, as the bridge uploads.</summary>
internal sealed class IngressPublisher(TetherApi api, WorkerSession session, string padding) : IPublisher
{
    public Task PublishAsync(long[] timestamps, int count, CancellationToken cancellationToken) =>
        api.PostEventsAsync(session, EventPayload.Body(session, padding, timestamps.AsSpan(0, count)), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
