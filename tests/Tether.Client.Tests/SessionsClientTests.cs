using System.Text.Json;
using Tether.Client.Http;
using Tether.Client.Sessions;
using Tether.Protocol.Sessions;
using Tether.Testing;

namespace Tether.Client.Tests;

public sealed class SessionsClientTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private SessionsClient _sessions = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _sessions = new SessionsClient(new ApiTransport(_server.BaseAddress, LoopbackServer.OwnerToken));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_post_list_rename_and_archive_round_trip_through_the_typed_client()
    {
        var created = (await _sessions.CreateAsync(new CreateSessionRequest { Title = "typed" }, CancellationToken.None)).GetValueOrThrow();
        using var message = JsonDocument.Parse(ApiJson.UserMessage("hi"));
        var accepted = (await _sessions.PostEventsAsync(created.Id, [message.RootElement], CancellationToken.None)).GetValueOrThrow();
        var renamed = (await _sessions.RenameAsync(created.Id, "renamed", CancellationToken.None)).GetValueOrThrow();
        var listed = (await _sessions.ListAsync(10, null, false, CancellationToken.None)).GetValueOrThrow();
        var events = (await _sessions.ListEventsAsync(created.Id, null, 10, CancellationToken.None)).GetValueOrThrow();
        var archived = (await _sessions.ArchiveAsync(created.Id, CancellationToken.None)).GetValueOrThrow();
        var again = await _sessions.ArchiveAsync(created.Id, CancellationToken.None);

        Assert.Equal(1, accepted.Accepted);
        Assert.Equal("renamed", renamed.Title);
        Assert.Equal(created.Id, Assert.Single(listed.Data).Id);
        Assert.Equal("hi", Assert.Single(events.Data).GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(SessionStatuses.Archived, archived.SessionStatus);
        Assert.Equal(409, again.Error!.Status);
    }

    [Fact]
    public async Task A_refused_call_carries_the_servers_error_type_and_message()
    {
        var result = await _sessions.GetAsync("session_DOESNOTEXIST0000000000000", CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(404, result.Error.Status);
        Assert.Equal("not_found_error", result.Error.Type);
        Assert.False(result.Error.IsTransient);
    }

    [Fact]
    public async Task Listing_retries_a_server_that_is_down_after_2_4_8_and_16_seconds_then_reports_it()
    {
        var clock = new ManualTimeProvider();
        var port = _server.BaseAddress.Port;
        await _server.StopAsync();
        var sessions = new SessionsClient(new ApiTransport(new Uri($"http://127.0.0.1:{port}"), "t"), clock);

        var listing = sessions.ListAsync(10, null, false, CancellationToken.None);
        foreach (var delay in new[] { 2, 4, 8, 16 })
        {
            await Eventually.TrueAsync(() => clock.ActiveTimers == 1, because: $"waiting {delay} s before retrying");
            clock.Advance(TimeSpan.FromSeconds(delay));
        }

        var result = await listing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.Error!.Status);
        Assert.Equal("network_error", result.Error.Type);
        Assert.Equal([2, 4, 8, 16], clock.RequestedDelays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public async Task Listing_does_not_retry_a_4xx()
    {
        var clock = new ManualTimeProvider();
        var sessions = new SessionsClient(new ApiTransport(_server.BaseAddress, "not-a-valid-token"), clock);

        var result = await sessions.ListAsync(10, null, false, CancellationToken.None);

        Assert.Equal(401, result.Error!.Status);
        Assert.Empty(clock.RequestedDelays);
    }
}
