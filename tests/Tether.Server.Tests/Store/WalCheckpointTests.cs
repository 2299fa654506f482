using Tether.Server.Store;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Store;

/// <summary>
/// SQLite's WAL is copied into the database file beside the event log's writer, not by the commit that fills it, and it
/// still restarts from its beginning while events keep coming, so the file stays bounded.
/// </summary>
public sealed class WalCheckpointTests : ServerTest
{
    private const int PageBytes = 4096;

    private static readonly string Kilobyte = new('x', 1000);

    private readonly TempDirectory _data = new("tether-wal");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Committed_events_reach_the_database_file_long_before_the_wal_is_full()
    {
        var session = await Client.CreateSessionAsync();
        var before = new FileInfo(DatabaseFile).Length;

        // About 100 pages: far below the WAL length at which SQLite itself would copy anything.
        await AppendKilobytesAsync(session, count: 300);

        await Eventually.TrueAsync(
            () => new FileInfo(DatabaseFile).Length >= before + (300 * 1000),
            because: "the committed pages should be copied into the database file shortly after their commits");
    }

    [Fact]
    public async Task The_wal_restarts_from_its_beginning_while_events_keep_coming()
    {
        var sessions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await Client.CreateSessionAsync());
        }

        // 24 MB of events from four writers at once: without restarts the WAL would grow to SQLite's own automatic
        // checkpoint (20,000 pages); restarts keep it within a few thousand pages of the restart length.
        await Task.WhenAll(sessions.Select(id => AppendKilobytesAsync(id, count: 6000)));

        var walPages = new FileInfo(DatabaseFile + "-wal").Length / PageBytes;
        Assert.True(walPages <= 3 * SqliteCheckpointer.RestartFrames, $"the WAL grew to {walPages} pages");
        foreach (var id in sessions)
        {
            Assert.Equal(6000, (await Client.GetNodeAsync($"/v1/sessions/{id}"))["last_sequence_num"]!.GetValue<long>());
        }
    }

    // A data directory of its own keeps this on SQLite when the suite runs against PostgreSQL.
    protected override Task<LoopbackServer> StartServerAsync() => LoopbackServer.StartAsync(dataDirectory: _data.Path);

    private string DatabaseFile => DatabaseTarget.SqliteIn(_data.Path).SqlitePath!;

    private async Task AppendKilobytesAsync(string sessionId, int count)
    {
        for (var sent = 0; sent < count; sent += 50)
        {
            await WorkerEventLog.AppendAsync(Server, sessionId, [.. Enumerable.Range(sent, Math.Min(50, count - sent)).Select(i => WorkerEventLog.Assistant($"{i} {Kilobyte}"))]);
        }
    }
}
