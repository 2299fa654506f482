using Tether.Client.Streaming;
using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Faults;

public sealed class NetworkCutTests
{
    [Theory]
    [InlineData("cut")]
    [InlineData("stall")]
    public async Task A_prompt_sent_while_the_bridges_network_is_down_reaches_the_agent_once_when_it_is_back(string fault)
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = TcpProxy.Start(server.BaseAddress);
        using var dir = new TempDirectory("cut-bridge");
        await using var bridge = await BridgeHarness.StartAsync(proxy.BaseAddress, dir.Path);
        using var http = server.CreateClient();
        var api = new SessionApi(http);
        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);
        await RunTurnAsync(api, sessionId, "echo one >> log.txt");

        if (fault == "cut")
        {
            proxy.Cut();
        }
        else
        {
            proxy.Stall();
        }

        await api.PromptAsync(sessionId, "echo two >> log.txt");
        Assert.DoesNotContain(await api.EventsAsync(sessionId), e => IsCanUseTool(e) && Command(e) == "echo two >> log.txt");
        proxy.Restore();
        await RunTurnAsync(api, sessionId, prompt: null, expectedCommand: "echo two >> log.txt");

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "log.txt")));
        var events = await api.EventsAsync(sessionId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => (long)e["sequence_num"]!));
        Assert.Equal(2, events.Count(IsCanUseTool));
        Assert.Equal(2, events.Count(IsResult));
    }

    [Fact]
    public async Task A_viewer_cut_off_from_the_server_resumes_with_every_event_once()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = TcpProxy.Start(server.BaseAddress);
        using var http = server.CreateClient();
        var sessionId = await http.CreateSessionAsync();
        var options = new SessionSubscriberOptions { ReconnectDelay = TimeSpan.FromMilliseconds(200), MaxReconnectAttempts = 100 };
        await using var viewer = new SessionSubscriber(proxy.BaseAddress, LoopbackServer.OwnerToken, sessionId, options: options);
        await viewer.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<long>();
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in viewer.ReadAllAsync(timeout.Token))
            {
                if (frame.TryGetProperty("sequence_num", out var seq))
                {
                    received.Add(seq.GetInt64());
                    if (received.Count == 30)
                    {
                        return;
                    }
                }
            }
        });

        for (var i = 1; i <= 10; i++)
        {
            (await http.PostEventsAsync(sessionId, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        await Eventually.TrueAsync(() => viewer.LastSequenceNum == 10, because: "the viewer is live before the cut");
        proxy.Cut();
        for (var i = 11; i <= 20; i++)
        {
            (await http.PostEventsAsync(sessionId, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        await Eventually.TrueAsync(() => viewer.State == SubscriberState.Reconnecting, because: "the viewer notices the cut");
        proxy.Restore();
        for (var i = 21; i <= 30; i++)
        {
            (await http.PostEventsAsync(sessionId, ApiJson.UserMessage($"m{i}"))).Dispose();
        }

        await reading;
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), received);
    }

    private static string? Command(System.Text.Json.Nodes.JsonObject e) => (string?)e["request"]?["input"]?["command"];

    private static async Task RunTurnAsync(SessionApi api, string sessionId, string? prompt, string? expectedCommand = null)
    {
        expectedCommand ??= prompt;
        if (prompt is not null)
        {
            await api.PromptAsync(sessionId, prompt);
        }

        var ask = await api.WaitForEventAsync(sessionId, e => IsCanUseTool(e) && Command(e) == expectedCommand,
            $"the agent asks to run {expectedCommand}", TimeSpan.FromSeconds(60));
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        var askedAt = (long)ask["sequence_num"]!;
        await api.WaitForEventAsync(sessionId, e => IsResult(e) && (long)e["sequence_num"]! > askedAt,
            $"the turn running {expectedCommand} ends", TimeSpan.FromSeconds(60));
    }
}
