using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Store;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_on_the_same_data_dir_keeps_sessions_events_prompts_and_numbering()
    {
        await using var server = await LoopbackServer.StartAsync();
        string id;
        using (var client = server.CreateClient())
        {
            id = await client.CreateSessionAsync("survivor");
            (await client.PostEventsAsync(id, ApiJson.UserMessage("before restart", uuid: "bbbbbbbb-0000-0000-0000-000000000001"))).Dispose();
            await WorkerEvents.AppendAsync(server, id, WorkerEvents.CanUseTool("req-r"));
        }

        await server.RestartAsync();

        using var after = server.CreateClient();
        var session = await after.GetNodeAsync($"/v1/sessions/{id}");
        using var repeat = await after.PostEventsAsync(id, ApiJson.UserMessage("before restart", uuid: "bbbbbbbb-0000-0000-0000-000000000001"));
        using var answer = await after.PostEventsAsync(id, WorkerEvents.Allow("req-r"));
        var events = await after.GetNodeAsync($"/v1/sessions/{id}/events");

        Assert.Equal("survivor", session["title"]!.GetValue<string>());
        Assert.Equal("requires_action", session["session_status"]!.GetValue<string>());
        Assert.Equal(1, (await repeat.ReadNodeAsync())["duplicates"]!.GetValue<int>());
        answer.EnsureSuccessStatusCode();
        Assert.Equal([1L, 2L, 3L], events["data"]!.AsArray().Select(e => e!["sequence_num"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Migrations_apply_once_and_a_second_start_applies_none()
    {
        await using var server = await LoopbackServer.StartAsync();
        var migrator = server.GetRequiredService<Tether.Server.Store.SchemaMigrator>();

        var appliedAgain = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(0, appliedAgain);
        Assert.NotEmpty(Tether.Server.Store.SchemaMigrator.Embedded);
        Assert.Equal(1, Tether.Server.Store.SchemaMigrator.Embedded[0].Version);
    }
}
