using System.Net.WebSockets;
using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class RevocationTests
{
    [Fact]
    public async Task Revoking_a_token_closes_its_open_subscription_with_4003_at_once()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var owner = server.CreateClient();
        var id = await owner.CreateSessionAsync();
        var accounts = server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "phone", Scopes.DefaultUser, null, CancellationToken.None);
        await using var socket = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", token.Secret);
        (await owner.PostEventsAsync(id, ApiJson.UserMessage("visible"))).Dispose();
        await socket.ReceiveStoredAsync(1, CancellationToken.None);

        await accounts.RevokeTokenAsync(orgId, token.Id, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await socket.ReceiveAsync(timeout.Token) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)4003, socket.CloseStatus);
    }

    [Fact]
    public async Task A_viewer_that_never_answers_the_close_is_let_go_after_a_few_seconds()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var owner = server.CreateClient();
        var id = await owner.CreateSessionAsync();
        var accounts = server.GetRequiredService<AccountStore>();
        var watch = server.GetRequiredService<CredentialWatch>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "phone", Scopes.DefaultUser, null, CancellationToken.None);
        await using var socket = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", token.Secret);
        await Eventually.TrueAsync(() => watch.WatchedCredentials().Contains(token.Id), because: "the open stream holds a lease");

        // The client never reads again, so it never answers the server's close frame.
        await accounts.RevokeTokenAsync(orgId, token.Id, CancellationToken.None);

        await Eventually.TrueAsync(
            () => !watch.WatchedCredentials().Contains(token.Id), TimeSpan.FromSeconds(20), "the server gives up on the close reply and ends the stream");
    }

    [Fact]
    public async Task A_stream_whose_token_expires_is_closed_by_the_periodic_recheck()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            TimeProvider = clock,
            CredentialRecheckInterval = TimeSpan.FromSeconds(10),
        });
        using var owner = server.CreateClient();
        var id = await owner.CreateSessionAsync();
        var accounts = server.GetRequiredService<AccountStore>();
        var (orgId, userId) = await accounts.FindOwnerAsync(CancellationToken.None);
        var token = await accounts.CreateTokenAsync(orgId, userId, "short", Scopes.DefaultUser, TimeSpan.FromMinutes(1), CancellationToken.None);
        await using var socket = await SessionSocket.ConnectAsync(server.BaseAddress, $"/v1/sessions/ws/{id}/subscribe", token.Secret);
        (await owner.PostEventsAsync(id, ApiJson.UserMessage("live"))).Dispose();
        await socket.ReceiveStoredAsync(1, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await socket.ReceiveAsync(timeout.Token) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)4003, socket.CloseStatus);
    }
}
