using System.Net.Http.Headers;
using System.Text.Json;
using Tether.Client.Streaming;
using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Faults;

public sealed class ServerCrashTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_killed_mid_turn_loses_nothing_and_its_pending_prompt_is_still_answerable(bool codeSessions)
    {
        using var data = new TempDirectory("crash-data");
        using var dir = new TempDirectory("crash-bridge");
        var (server, baseAddress) = await TetherProcess.StartServerAsync(data.Path);
        await using var serverProcess = server;
        await using var bridge = await BridgeHarness.StartAsync(baseAddress, dir.Path);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LoopbackServer.OwnerToken);
        var api = new SessionApi(http);
        using (var settings = await http.PatchAsync("/v1/orgs/current/settings", ApiJson.Body($$"""{"use_code_sessions":{{(codeSessions ? "true" : "false")}}}""")))
        {
            settings.EnsureSuccessStatusCode();
        }

        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);
        var viewerOptions = new SessionSubscriberOptions { ReconnectDelay = TimeSpan.FromMilliseconds(250), MaxReconnectAttempts = 200 };
        await using var viewer = new SessionSubscriber(baseAddress, LoopbackServer.OwnerToken, sessionId, options: viewerOptions);
        await viewer.StartAsync(CancellationToken.None);
        var seen = new List<long>();
        using var stopViewer = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var viewing = Task.Run(async () =>
        {
            await foreach (var frame in viewer.ReadAllAsync(stopViewer.Token))
            {
                if (frame.TryGetProperty("sequence_num", out var seq))
                {
                    lock (seen)
                    {
                        seen.Add(seq.GetInt64());
                    }
                }
            }
        });

        await api.PromptAsync(sessionId, "echo survived > crash.txt");
        var ask = await api.WaitForEventAsync(sessionId, IsCanUseTool, "the agent asks before running the command");
        await server.KillAsync();
        server.Restart();
        await server.WaitReadyAsync(baseAddress);

        Assert.Equal("requires_action", await api.StatusAsync(sessionId));
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        await api.WaitForEventAsync(sessionId, IsResult, "the turn finishes after the crash", TimeSpan.FromSeconds(60));
        var events = await api.EventsAsync(sessionId);
        var last = (long)events[^1]["sequence_num"]!;
        await Eventually.TrueAsync(() => { lock (seen) { return seen.Contains(last); } }, TimeSpan.FromSeconds(30), "the viewer resumes and catches up");
        await stopViewer.CancelAsync();
        await viewing.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal("survived\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "crash.txt")));
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), events.Select(e => (long)e["sequence_num"]!));
        var originals = events.Where(e => e["isReplay"]?.GetValue<bool>() != true && e["uuid"] is not null).ToList();
        Assert.Equal(originals.Count, originals.Select(e => (string?)e["uuid"]).Distinct().Count());
        lock (seen)
        {
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), seen);
        }

        // The v2 path registers a worker (epoch 1 or more); the v1 path never does.
        var epoch = await WorkerEpochAsync(Path.Combine(data.Path, "tether.db"), sessionId);
        Assert.Equal(codeSessions, epoch > 0);
    }

    private static async Task<long> WorkerEpochAsync(string databasePath, string sessionId)
    {
        Tether.Protocol.Ids.SessionIds.TryGetBody(sessionId, out var body);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT worker_epoch FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", body);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
