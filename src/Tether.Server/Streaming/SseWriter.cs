using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tether.Server.Events;

namespace Tether.Server.Streaming;

/// <summary>
/// Writes events as Server-Sent Events: <c>id: &lt;seq&gt;</c> (stored events only), optional <c>event:</c>, one
/// <c>data:</c> line, a blank line; and a <c>:keep-alive</c> comment whenever nothing was sent for the keep-alive interval.
/// </summary>
internal static class SseWriter
{
    private static readonly byte[] s_keepAlive = ":keep-alive\n\n"u8.ToArray();

    public delegate byte[] FrameData(StoredEvent stored);

    public static async Task WriteAsync(
        HttpResponse response, IAsyncEnumerable<StoredEvent> events, TimeSpan keepAlive, TimeProvider timeProvider, string? eventName,
        CancellationToken cancellationToken, FrameData? data = null)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        // The enumerator gets its own token: an async iterator cannot be disposed while a MoveNextAsync is still running,
        // so on the way out (a failed write, a cancelled stream) that call is cancelled and awaited first.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var enumerator = events.GetAsyncEnumerator(stop.Token);
        var next = enumerator.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(keepAlive, timeProvider, tick.Token);
                var finished = await Task.WhenAny(next, delay);
                await tick.CancelAsync();
                if (finished != next)
                {
                    await response.Body.WriteAsync(s_keepAlive, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await response.Body.WriteAsync(Frame(enumerator.Current, eventName, data), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>One SSE frame for an event.</summary>
    public static byte[] Frame(StoredEvent stored, string? eventName, FrameData? data = null)
    {
        var builder = new StringBuilder();
        if (eventName is not null)
        {
            builder.Append("event: ").Append(eventName).Append('\n');
        }

        if (!stored.IsEphemeral)
        {
            builder.Append("id: ").Append(stored.Seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        builder.Append("data: ").Append(Encoding.UTF8.GetString(data is null ? stored.WireUtf8 : data(stored))).Append("\n\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
