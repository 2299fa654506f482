namespace Tether.Bench.Load;

/// <summary>A worker's write path: sends events stamped with the given timestamps, in order, and returns once written.</summary>
internal interface IPublisher : IAsyncDisposable
{
    Task PublishAsync(long[] timestamps, int count, CancellationToken cancellationToken);
}
