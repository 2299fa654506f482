using System.Net;
using System.Net.Sockets;

namespace Tether.Testing;

/// <summary>
/// A loopback TCP proxy that can cut (reset every connection and refuse new ones), stall (stop forwarding bytes while
/// connections stay open) and restore the path between a client and a server, for network fault tests.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Upstream, Task Pump)> _connections = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _flowing = NewFlowing(completed: true);
    private Task _accepting = Task.CompletedTask;
    private volatile bool _cut;

    private TcpProxy(IPEndPoint target) => _target = target;

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public static TcpProxy Start(Uri target)
    {
        var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, target.Port));
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptLoopAsync();
        return proxy;
    }

    /// <summary>Resets every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var (client, upstream, _) in _connections)
            {
                Reset(client);
                Reset(upstream);
            }
        }
    }

    /// <summary>Stops forwarding bytes; connections stay open, as on a network that silently drops traffic.</summary>
    public void Stall()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewFlowing(completed: false);
            }
        }
    }

    public void Restore()
    {
        _cut = false;
        lock (_gate)
        {
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Restore();
        Cut();
        await _accepting;
        Task[] pumps;
        lock (_gate)
        {
            pumps = [.. _connections.Select(c => c.Pump)];
        }

        await Task.WhenAll(pumps);
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

            if (_cut)
            {
                Reset(client);
                continue;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                Reset(client);
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _connections.RemoveAll(c => c.Pump.IsCompleted);
                _connections.Add((client, upstream, Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client))));
            }
        }
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

                Task flowing;
                lock (_gate)
                {
                    flowing = _flowing.Task;
                }

                await flowing.WaitAsync(_stop.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Reset(from);
            Reset(to);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0 makes Close send RST, as a dropped NAT entry or a killed Wi-Fi link would look to the peer.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private static TaskCompletionSource NewFlowing(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
