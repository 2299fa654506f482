namespace Tether.Bench.Load;

/// <summary>Opens many viewers with bounded concurrency (a few hundred handshakes in flight, as jittered clients would).</summary>
internal static class ViewerPool
{
    /// <summary>Connects every viewer; returns how many failed (after <paramref name="attempts"/> tries each).</summary>
    public static async Task<int> ConnectAllAsync(IReadOnlyList<Viewer> viewers, bool resume, int concurrency, int attempts, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var failures = 0;
        await Task.WhenAll(viewers.Select(async viewer =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await viewer.ConnectAsync(resume, cancellationToken);
                        return;
                    }
                    catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException && attempt < attempts)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return failures;
    }
}
