using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tether.Testing;

/// <summary>
/// A forward HTTP proxy on 127.0.0.1 that only tunnels: <c>CONNECT host:port</c> opens a TCP connection to the target and
/// copies bytes both ways (TLS passes through untouched); any other request gets 405. It records every CONNECT target and
/// the proxy's own end of each upstream connection, which is the client address the target server sees, so a test can tell
/// which server-side connections came through the proxy. Bounded: request heads up to 8 KiB within 10 s, at most
/// <see cref="MaxTunnels"/> open tunnels.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    public const int MaxTunnels = 64;

    private const int MaxHeadBytes = 8 * 1024;
    private static readonly TimeSpan s_headTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly ConcurrentQueue<IPEndPoint> _upstreamEndPoints = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private Task _accepting = Task.CompletedTask;
    private int _openTunnels;
    private int _refused;
    private int _disposed;

    private ConnectProxy()
    {
    }

    /// <summary>The proxy's URL, as <c>HTTPS_PROXY</c> expects it.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Every CONNECT target (<c>host:port</c>) asked for, in order, whether or not it could be reached.</summary>
    public IReadOnlyList<string> ConnectTargets => [.. _targets];

    /// <summary>The local end of every tunnel's upstream connection (IPv4 unmapped): the remote end point the target server saw.</summary>
    public IReadOnlyList<IPEndPoint> UpstreamEndPoints => [.. _upstreamEndPoints];

    /// <summary>Tunnels established so far (200 answered and bytes flowing).</summary>
    public int TunnelCount => _upstreamEndPoints.Count;

    /// <summary>Requests answered with an error: not CONNECT, malformed, unreachable target or too many tunnels.</summary>
    public int RefusedCount => Volatile.Read(ref _refused);

    public static ConnectProxy Start()
    {
        var proxy = new ConnectProxy();
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptLoopAsync();
        return proxy;
    }

    /// <summary>Stops accepting, closes every tunnel and waits for them; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.RemoveAll(c => c.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await ServeCoreAsync(client);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away or the proxy is stopping; the sockets close below.
            }
        }
    }

    private async Task ServeCoreAsync(Socket client)
    {
        using var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        headTimeout.CancelAfter(s_headTimeout);
        var (head, early) = await ReadHeadAsync(client, headTimeout.Token);
        if (head is null)
        {
            await RefuseAsync(client, "400 Bad Request");
            return;
        }

        var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "CONNECT")
        {
            await RefuseAsync(client, "405 Method Not Allowed", "Allow: CONNECT\r\n");
            return;
        }

        var target = requestLine[1];
        _targets.Enqueue(target);
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            await RefuseAsync(client, "400 Bad Request");
            return;
        }

        if (Interlocked.Increment(ref _openTunnels) > MaxTunnels)
        {
            Interlocked.Decrement(ref _openTunnels);
            await RefuseAsync(client, "503 Service Unavailable");
            return;
        }

        try
        {
            using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // The host name form tries every address it resolves to (localhost: ::1, then 127.0.0.1).
                await upstream.ConnectAsync(target[..colon].Trim('[', ']'), port, headTimeout.Token);
            }
            catch (SocketException)
            {
                await RefuseAsync(client, "502 Bad Gateway");
                return;
            }

            var local = (IPEndPoint)upstream.LocalEndPoint!;
            _upstreamEndPoints.Enqueue(new IPEndPoint(local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address, local.Port));
            await client.SendAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), SocketFlags.None, _stop.Token);
            if (early.Length > 0)
            {
                await upstream.SendAsync(early, SocketFlags.None, _stop.Token);
            }

            await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        finally
        {
            Interlocked.Decrement(ref _openTunnels);
        }
    }

    // Reads up to the blank line that ends the request head; returns null when it is missing, too long or too slow.
    private static async Task<(string? Head, byte[] Early)> ReadHeadAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return (null, []);
                }

                filled += read;
                var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    return (Encoding.ASCII.GetString(buffer, 0, end + 2), buffer[(end + 4)..filled]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Too slow: answered as malformed below.
        }

        return (null, []);
    }

    private async Task RefuseAsync(Socket client, string status, string extraHeaders = "")
    {
        Interlocked.Increment(ref _refused);
        var response = $"HTTP/1.1 {status}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, _stop.Token);
        client.Shutdown(SocketShutdown.Both);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side failed or the proxy stops: end both directions so the other pump returns too.
            from.Close();
            to.Close();
        }
    }
}
