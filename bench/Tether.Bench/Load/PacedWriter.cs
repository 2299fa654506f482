using System.Diagnostics;

namespace Tether.Bench.Load;

/// <summary>
/// Drives one publisher at a fixed rate (open loop) until a deadline. Each event is stamped with the time it became due
/// when the writer was still busy with the previous write (so time spent waiting on a slow server counts), or with the
/// moment the writer woke when it was idle (so timer lateness in this process does not count against the server).
/// Events due together go out in one write, as the bridge batches lines that queued while an upload was in flight.
/// </summary>
internal sealed class PacedWriter(IPublisher publisher, double eventsPerSecond, int maxBatch)
{
    public long Sent;

    public long Errors;

    public string? LastError;

    public async Task RunAsync(long startTimestamp, long endTimestamp, CancellationToken cancellationToken)
    {
        var interval = Stopwatch.Frequency / eventsPerSecond;
        var due = (double)startTimestamp;
        var lastCompleted = 0L;
        var stamps = new long[maxBatch];
        while (due < endTimestamp && !cancellationToken.IsCancellationRequested)
        {
            var wait = LatencySamples.ToMs((long)due - Stopwatch.GetTimestamp());
            if (wait > 0)
            {
                // Never spin: two cores are shared with the server. Oversleeping is not charged (see the stamping rule).
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait)), cancellationToken);
            }

            var wake = Stopwatch.GetTimestamp();
            var count = 0;
            while (count < maxBatch && due <= wake && due < endTimestamp)
            {
                stamps[count++] = (long)due < lastCompleted ? (long)due : wake;
                due += interval;
            }

            if (count == 0)
            {
                continue;
            }

            try
            {
                await publisher.PublishAsync(stamps, count, cancellationToken);
                Sent += count;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.WebSockets.WebSocketException or IOException)
            {
                Errors++;
                LastError = ex.Message;
            }

            lastCompleted = Stopwatch.GetTimestamp();
        }
    }
}
