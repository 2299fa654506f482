using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tether.Bench.Hosting;

/// <summary>
/// The raw baseline: a bare Kestrel WebSocket broadcaster with no auth, no JSON and no storage. A publisher writes frames to
/// <c>/pub/{topic}</c>; each is copied once and handed to every <c>/sub/{topic}</c> socket through the same shape of
/// bounded per-subscriber channel Tether uses, so the difference measured is what Tether adds on top of the fan-out.
/// </summary>
internal sealed class BaselineRelay
{
    private const int SubscriberBuffer = 1024;

    private readonly ConcurrentDictionary<string, ImmutableArray<Channel<byte[]>>> _topics = new(StringComparer.Ordinal);

    public void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/pub/{topic}", PublishAsync);
        app.MapGet("/sub/{topic}", SubscribeAsync);
        // A bare parked long poll (the floor for Tether's work poll): held 8 s like Tether's, then "no work".
        app.MapGet("/park", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(8), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }

            return Results.Text("null", "application/json");
        });
    }

    private async Task PublishAsync(string topic, HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }

                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = buffer.WrittenSpan.ToArray();
                buffer.Clear();
                if (_topics.TryGetValue(topic, out var subscribers))
                {
                    foreach (var subscriber in subscribers)
                    {
                        if (!subscriber.Writer.TryWrite(frame))
                        {
                            subscriber.Writer.TryComplete();
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The publisher went away.
        }
    }

    private async Task SubscribeAsync(string topic, HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _topics.AddOrUpdate(topic, _ => [channel], (_, existing) => existing.Add(channel));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receive = DrainAsync(socket, stop);
        try
        {
            await foreach (var frame in channel.Reader.ReadAllAsync(stop.Token))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            // The subscriber went away.
        }
        finally
        {
            while (_topics.TryGetValue(topic, out var existing) && !_topics.TryUpdate(topic, existing.Remove(channel), existing))
            {
            }

            await stop.CancelAsync();
            await receive;
        }
    }

    /// <summary>Reads (and discards) what a subscriber sends; idle, it waits with a zero-byte receive and holds no buffer.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var ready = await socket.ReceiveAsync(Memory<byte>.Empty, stop.Token);
                if (ready.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var scratch = ArrayPool<byte>.Shared.Rent(1024);
                try
                {
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(scratch.AsMemory(), stop.Token);
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone.
        }

        await stop.CancelAsync();
    }
}
