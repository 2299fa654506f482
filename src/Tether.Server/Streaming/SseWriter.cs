using System.Buffers.Text;
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
    private static readonly byte[] s_event = "event: "u8.ToArray();
    private static readonly byte[] s_id = "id: "u8.ToArray();
    private static readonly byte[] s_data = "data: "u8.ToArray();

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
    /// <remarks>
    /// Built straight from the UTF-8 wire JSON into one array of the exact size: each frame is written once per
    /// subscriber, and the round trip through a string builder and UTF-16 used to allocate ten times the frame's size
    /// (docs/performance.md, "micro").
    /// </remarks>
    public static byte[] Frame(StoredEvent stored, string? eventName, FrameData? data = null)
    {
        var body = data is null ? stored.WireUtf8 : data(stored);
        Span<byte> seq = stackalloc byte[20];
        var seqLength = 0;
        if (!stored.IsEphemeral && !Utf8Formatter.TryFormat(stored.Seq, seq, out seqLength))
        {
            throw new InvalidOperationException("a sequence number always fits in 20 bytes");
        }

        var nameLength = eventName is null ? 0 : Encoding.UTF8.GetByteCount(eventName);
        var length = (eventName is null ? 0 : s_event.Length + nameLength + 1)
            + (stored.IsEphemeral ? 0 : s_id.Length + seqLength + 1)
            + s_data.Length + body.Length + 2;
        var frame = new byte[length];
        var rest = frame.AsSpan();
        if (eventName is not null)
        {
            rest = Append(rest, s_event);
            rest = rest[Encoding.UTF8.GetBytes(eventName, rest)..];
            rest = Append(rest, "\n"u8);
        }

        if (!stored.IsEphemeral)
        {
            rest = Append(rest, s_id);
            rest = Append(rest, seq[..seqLength]);
            rest = Append(rest, "\n"u8);
        }

        rest = Append(rest, s_data);
        rest = Append(rest, body);
        Append(rest, "\n\n"u8);
        return frame;
    }

    private static Span<byte> Append(Span<byte> destination, scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return destination[bytes.Length..];
    }
}
