using System.Net;
using Microsoft.Data.Sqlite;
using Tether.Server.Store;
using Tether.Testing;

namespace Tether.Server.Tests.Store;

public sealed class StoreFaultTests
{
    [Fact]
    public async Task A_read_only_data_directory_stops_the_start_with_a_clear_error()
    {
        await using var mount = await TmpfsMount.CreateAsync(4 * 1024 * 1024);
        await mount.RemountReadOnlyAsync();

        var error = await Assert.ThrowsAsync<StoreStartupException>(() => LoopbackServer.StartAsync(dataDirectory: mount.Path));

        Assert.Contains("read-only", error.Message);
        Assert.False(File.Exists(Path.Combine(mount.Path, "tether.db")));
    }

    [Fact]
    public async Task A_full_disk_at_start_stops_it_with_a_clear_error_and_no_half_made_store()
    {
        await using var mount = await TmpfsMount.CreateAsync(2 * 1024 * 1024);
        var filler = await mount.FillAsync();

        var error = await Assert.ThrowsAsync<StoreStartupException>(() => LoopbackServer.StartAsync(dataDirectory: mount.Path));
        File.Delete(filler);
        await using var recovered = await LoopbackServer.StartAsync(dataDirectory: mount.Path);
        using var client = recovered.CreateClient();

        Assert.Contains("full", error.Message);
        Assert.StartsWith("session_", await client.CreateSessionAsync());
    }

    [Fact]
    public async Task A_disk_that_fills_while_serving_refuses_writes_with_503_and_keeps_the_store_intact()
    {
        await using var mount = await TmpfsMount.CreateAsync(8 * 1024 * 1024);
        await using var server = await LoopbackServer.StartAsync(dataDirectory: mount.Path);
        using var client = server.CreateClient();
        var id = await client.CreateSessionAsync();
        (await client.PostEventsAsync(id, ApiJson.UserMessage("kept"))).Dispose();

        var filler = await mount.FillAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20 && !statuses.Contains(HttpStatusCode.ServiceUnavailable); i++)
        {
            using var response = await client.PostEventsAsync(id, ApiJson.UserMessage(new string('x', 64 * 1024)));
            statuses.Add(response.StatusCode);
        }

        File.Delete(filler);
        using var after = await client.PostEventsAsync(id, ApiJson.UserMessage("after"));
        var events = await client.GetNodeAsync($"/v1/sessions/{id}/events");
        await server.StopAsync();

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var seqs = events["data"]!.AsArray().Select(e => e!["sequence_num"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        Assert.Equal("ok", await IntegrityCheckAsync(Path.Combine(mount.Path, "tether.db")));
    }

    private static async Task<string> IntegrityCheckAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
