using System.Net;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_sessions_api_and_event_log_work_unchanged_on_postgresql()
    {
        await using var server = await LoopbackServer.StartAsync(database: await postgres.NewDatabaseAsync());
        using var client = server.CreateClient();

        var id = await client.CreateSessionAsync("on postgres");
        (await client.PostEventsAsync(id, ApiJson.UserMessage("hello", uuid: "cccccccc-0000-0000-0000-000000000001"))).Dispose();
        using var repeat = await client.PostEventsAsync(id, ApiJson.UserMessage("hello", uuid: "cccccccc-0000-0000-0000-000000000001"));
        await WorkerEvents.AppendAsync(server, id, WorkerEvents.CanUseTool("pg-1"));
        using var first = await client.PostEventsAsync(id, WorkerEvents.Allow("pg-1"));
        using var second = await client.PostEventsAsync(id, WorkerEvents.Deny("pg-1"));
        var list = await client.GetNodeAsync("/v1/sessions?limit=5");
        var events = await client.GetNodeAsync($"/v1/sessions/{id}/events");
        using var archive = await client.PostAsync($"/v1/sessions/{id}/archive", ApiJson.Body("{}"));

        Assert.Equal(1, (await repeat.ReadNodeAsync())["duplicates"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Single(list["data"]!.AsArray());
        Assert.Equal([1L, 2L, 3L], events["data"]!.AsArray().Select(e => e!["sequence_num"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
    }
}
