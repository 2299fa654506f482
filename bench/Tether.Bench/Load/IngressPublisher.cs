namespace Tether.Bench.Load;

/// <summary>Tether's v1 worker write path: one session-ingress POST per batch, one POST in flight, as the bridge uploads.</summary>
public sealed class IngressPublisher(TetherApi api, WorkerSession session, string padding) : IPublisher
{
    public Task PublishAsync(long[] timestamps, int count, CancellationToken cancellationToken) =>
        api.PostEventsAsync(session, EventPayload.IngressBody(padding, timestamps.AsSpan(0, count)), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
