using System.Net.Http.Headers;
using System.Text.Json;
using Tether.Client.Streaming;
using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Faults;

public sealed class ServerCrashTests
{
    [Fact]
    public async Task A_server_killed_mid_turn_loses_nothing_and_its_pending_prompt_is_still_answerable()
    {
        using var data = new TempDirectory("crash-data");
        using var dir = new TempDirectory("crash-bridge");
        var (server, baseAddress) = await TetherProcess.StartServerAsync(data.Path);
        await using var serverProcess = server;
        await using var bridge = await BridgeHarness.StartAsync(baseAddress, dir.Path);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LoopbackServer.OwnerToken);
        var api = new SessionApi(http);
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
    }
}
