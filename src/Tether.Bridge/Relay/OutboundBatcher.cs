using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tether.Bridge.Relay;

/// <summary>
/// Drains child stdout lines into ordered batches with one upload in flight at a time (reference §4.4: concurrent
/// writes collided server-side). A batch goes out as soon as it holds any line other than a <c>stream_event</c>;
/// <c>stream_event</c> deltas alone are held up to <see cref="OutboundBatcherOptions.FlushInterval"/> so they travel
/// together, and since every batch keeps arrival order, held deltas always go out before the line that follows them.
/// Batches are capped by event count and bytes. Failed uploads are retried with backoff; a permanent rejection
/// drops the batch. Lines that arrive during an upload wait in the source channel, which is what batches them.
/// </summary>
internal sealed partial class OutboundBatcher(
    ChannelReader<OutboundEvent> source,
    Func<IReadOnlyList<OutboundEvent>, CancellationToken, Task<UploadOutcome>> upload,
    TimeProvider timeProvider,
    OutboundBatcherOptions? options = null,
    Func<double>? jitter = null,
    ILogger? logger = null)
{
    private readonly OutboundBatcherOptions _options = options ?? OutboundBatcherOptions.Default;
    private readonly Func<double> _jitter = jitter ?? Random.Shared.NextDouble;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _deliveredEvents;
    private long _droppedEvents;

    /// <summary>Events the server accepted.</summary>
    public long DeliveredEvents => Interlocked.Read(ref _deliveredEvents);

    /// <summary>Events given up on (permanent rejection or too many failures).</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Runs until the source completes and everything read from it was uploaded or dropped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<OutboundEvent>();
        var batchBytes = 0L;
        var heldSince = DateTimeOffset.MinValue;
        while (true)
        {
            var open = await WaitForMoreAsync(batch.Count == 0 ? null : heldSince + _options.FlushInterval, cancellationToken);
            var mustFlush = !open;
            while (batch.Count < _options.MaxBatchEvents && source.TryPeek(out var next)
                && (batch.Count == 0 || batchBytes + next.ByteCount <= _options.MaxBatchBytes))
            {
                source.TryRead(out _);
                if (batch.Count == 0)
                {
                    heldSince = timeProvider.GetUtcNow();
                }

                batch.Add(next);
                batchBytes += next.ByteCount;
                mustFlush |= !next.IsStreamEvent;
            }

            if (batch.Count == 0)
            {
                if (!open)
                {
                    return;
                }

                continue;
            }

            // Full (by count, or the next line would not fit) or the hold ran out: send now.
            mustFlush |= batch.Count >= _options.MaxBatchEvents
                || source.TryPeek(out _)
                || timeProvider.GetUtcNow() >= heldSince + _options.FlushInterval;
            if (mustFlush)
            {
                await UploadAsync(batch, cancellationToken);
                batch = [];
                batchBytes = 0;
            }
        }
    }

    // Waits for a line to read, or until the hold deadline when stream events are held; false when the source completed.
    private async Task<bool> WaitForMoreAsync(DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (deadline is null)
        {
            return await source.WaitToReadAsync(cancellationToken);
        }

        var remaining = deadline.Value - timeProvider.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return !source.Completion.IsCompleted || source.TryPeek(out _);
        }

        using var hold = new CancellationTokenSource(remaining, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hold.Token);
        try
        {
            return await source.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private async Task UploadAsync(List<OutboundEvent> batch, CancellationToken cancellationToken)
    {
        for (var failures = 0; ;)
        {
            UploadOutcome outcome;
            try
            {
                outcome = await upload(batch, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The uploader should report failures as outcomes; an exception is treated as a transient one.
                Log.UploadThrew(_logger, ex.GetType().Name, ex.Message);
                outcome = UploadOutcome.Retry;
            }

            if (outcome == UploadOutcome.Delivered)
            {
                Interlocked.Add(ref _deliveredEvents, batch.Count);
                return;
            }

            failures++;
            if (outcome == UploadOutcome.Drop || (_options.MaxConsecutiveFailures > 0 && failures >= _options.MaxConsecutiveFailures))
            {
                Interlocked.Add(ref _droppedEvents, batch.Count);
                Log.BatchDropped(_logger, batch.Count, outcome, failures);
                return;
            }

            await Task.Delay(RetryDelay(failures), timeProvider, cancellationToken);
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var exponential = _options.RetryInitial * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = exponential < _options.RetryCap ? exponential : _options.RetryCap;
        return capped + _options.RetryJitter * _jitter();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Event upload failed with an exception ({ExceptionType}: {Reason}); retrying")]
        public static partial void UploadThrew(ILogger logger, string exceptionType, string reason);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Dropped a batch of {Count} events ({Outcome} after {Attempts} attempts)")]
        public static partial void BatchDropped(ILogger logger, int count, UploadOutcome outcome, int attempts);
    }
}
