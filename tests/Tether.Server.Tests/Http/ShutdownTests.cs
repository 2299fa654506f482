using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tether.Server.Environments;
using Tether.Server.Tests.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Http;

/// <summary>
/// Stopping the server ends long-lived requests at once. The host is given a shutdown timeout far longer than the
/// test's own bound, so a request that waited for the host to give up on it would fail the test instead of passing late.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(
        customize: o => o with { Environments = new EnvironmentOptions { PollHold = TimeSpan.FromMinutes(10) } },
        configure: builder => builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMinutes(10)));

    [Fact]
    public async Task A_subscribed_viewer_is_closed_as_going_away_when_the_server_stops()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var id = await client.CreateSessionAsync();
        await using var viewer = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", LoopbackServer.OwnerToken, cancellationToken: timeout.Token);

        var stopping = server.StopAsync();
        var frame = await Record.ExceptionAsync(() => viewer.ReceiveAsync(timeout.Token));
        await stopping.WaitAsync(timeout.Token);

        Assert.Null(frame);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, viewer.CloseStatus);
    }

    [Fact]
    public async Task A_parked_long_poll_is_answered_no_work_when_the_server_stops()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await StartAsync();
        var bridge = await TestBridge.RegisterAsync(server);
        var signal = server.GetRequiredService<InProcessWorkSignal>();
        var poll = bridge.PollRawAsync(cancellationToken: timeout.Token);
        await Eventually.TrueAsync(() => signal.IsWatched(bridge.EnvironmentId));

        await server.StopAsync().WaitAsync(timeout.Token);
        using var answer = await poll;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("null", await answer.Content.ReadAsStringAsync(timeout.Token));
    }

    [Fact]
    public async Task A_worker_socket_is_closed_as_going_away_when_the_server_stops()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await StartAsync();
        var bridge = await TestBridge.RegisterAsync(server);
        using var user = server.CreateClient();
        var sessionId = await bridge.CreateSessionAsync(user);
        var work = await bridge.PollAsync(cancellationToken: timeout.Token);
        await bridge.AckAsync(work!);
        await using var worker = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/session_ingress/ws/{sessionId}", TestBridge.IngressToken(work!), cancellationToken: timeout.Token);

        var stopping = server.StopAsync();
        var ended = await Record.ExceptionAsync(() => worker.ReceiveUntilAsync(_ => false, timeout.Token));
        await stopping.WaitAsync(timeout.Token);

        Assert.IsType<InvalidOperationException>(ended);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, worker.CloseStatus);
    }
}
