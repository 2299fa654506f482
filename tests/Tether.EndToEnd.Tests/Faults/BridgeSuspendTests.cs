using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Faults;

public sealed class BridgeSuspendTests
{
    [Fact]
    public async Task A_bridge_process_frozen_with_sigstop_carries_on_after_sigcont_and_delivers_what_arrived_meanwhile()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("frozen-bridge");
        await using var bridge = TetherProcess.Start(
            ["bridge", "--server", server.BaseAddress.ToString().TrimEnd('/'), "--agent", "builtin", "--spawn", "same-dir", "--yes", "--verbose"],
            new Dictionary<string, string?> { ["TETHER_TOKEN"] = LoopbackServer.OwnerToken, ["TETHER_CONFIG_DIR"] = Path.Combine(dir.Path, ".config") },
            workingDirectory: dir.Path);
        using var http = server.CreateClient();
        var api = new SessionApi(http);
        var environmentId = await WaitForEnvironmentAsync(http, bridge);
        var sessionId = await api.CreateOnAsync(environmentId);
        await TurnAsync(api, sessionId, "echo before >> log.txt");

        await bridge.SuspendAsync();
        await api.PromptAsync(sessionId, "echo during >> log.txt");
        await bridge.ResumeAsync();
        await TurnAsync(api, sessionId, prompt: null, command: "echo during >> log.txt");

        Assert.Equal("before\nduring\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "log.txt")));
        Assert.Equal(2, (await api.EventsAsync(sessionId)).Count(IsCanUseTool));
        Assert.False(bridge.HasExited, bridge.Output);
    }

    private static async Task<string> WaitForEnvironmentAsync(HttpClient http, TetherProcess bridge)
    {
        string? id = null;
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(bridge.HasExited, $"tether bridge exited: {bridge.Output}");
            var page = await http.GetNodeAsync("/v1/environment_providers");
            id = page["environments"]!.AsArray().FirstOrDefault()?["environment_id"]?.GetValue<string>();
            return id is not null;
        }, TimeSpan.FromSeconds(60), "the bridge registers");
        return id!;
    }

    private static async Task TurnAsync(SessionApi api, string sessionId, string? prompt, string? command = null)
    {
        command ??= prompt;
        if (prompt is not null)
        {
            await api.PromptAsync(sessionId, prompt);
        }

        var ask = await api.WaitForEventAsync(sessionId, e => IsCanUseTool(e) && (string?)e["request"]?["input"]?["command"] == command,
            $"the agent asks to run {command}", TimeSpan.FromSeconds(60));
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        var askedAt = (long)ask["sequence_num"]!;
        await api.WaitForEventAsync(sessionId, e => IsResult(e) && (long)e["sequence_num"]! > askedAt, $"the turn running {command} ends", TimeSpan.FromSeconds(60));
    }
}
