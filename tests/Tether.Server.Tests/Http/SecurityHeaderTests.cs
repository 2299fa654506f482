using System.Net;
using System.Net.WebSockets;
using Tether.Server.Environments;
using Tether.Server.Tests.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Http;

public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Api_answers_and_poll_answers_carry_the_security_headers_while_html_pages_keep_their_own_policy()
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            Environments = new EnvironmentOptions { PollHold = TimeSpan.Zero },
        });
        using var client = server.CreateClient();
        using var anonymous = server.CreateClient(token: null);
        var bridge = await TestBridge.RegisterAsync(server);

        using var api = await client.GetAsync("/v1/sessions");
        using var poll = await bridge.PollRawAsync();
        using var page = await anonymous.GetAsync("/device");

        foreach (var response in new[] { api, poll })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_websocket_upgrade_answer_carries_no_document_headers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await LoopbackServer.StartAsync();
        using var client = server.CreateClient();
        var id = await client.CreateSessionAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {LoopbackServer.OwnerToken}");

        await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/v1/sessions/ws/{id}/subscribe"), timeout.Token);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.False(socket.HttpResponseHeaders!.ContainsKey("Referrer-Policy"));
        Assert.False(socket.HttpResponseHeaders!.ContainsKey("Content-Security-Policy"));
    }
}
