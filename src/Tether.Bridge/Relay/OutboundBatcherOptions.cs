namespace Tether.Bridge.Relay;

/// <summary>Batching and retry limits for <see cref="OutboundBatcher"/>; defaults follow reference §4.4.</summary>
internal sealed record OutboundBatcherOptions
{
    public static OutboundBatcherOptions Default { get; } = new();

    /// <summary>How long <c>stream_event</c> lines may be held to batch them.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public int MaxBatchEvents { get; init; } = 500;

    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryCap { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Each retry delay gets a random extra of up to this much.</summary>
    public TimeSpan RetryJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many failed attempts in a row the batch is dropped (0: retry forever). 50 ≈ 7 minutes.</summary>
    public int MaxConsecutiveFailures { get; init; } = 50;
}
