using Tether.EndToEnd.Tests.Bridge;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Faults;

public sealed class BridgeContinueTests
{
    [Fact]
    public async Task A_crashed_bridge_started_again_with_continue_re_adopts_its_environment_and_session()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("continue-bridge");
        var environment = new Dictionary<string, string?>
        {
            ["TETHER_TOKEN"] = LoopbackServer.OwnerToken,
            ["TETHER_CONFIG_DIR"] = Path.Combine(dir.Path, ".config"),
        };
        string[] arguments = ["bridge", "--server", server.BaseAddress.ToString().TrimEnd('/'), "--agent", "builtin", "--spawn", "same-dir", "--yes", "--verbose"];
        using var http = server.CreateClient();
        var api = new SessionApi(http);

        await using var first = TetherProcess.Start(arguments, environment, dir.Path);
        var environmentId = await ActiveEnvironmentAsync(http, first);
        var sessionId = await api.CreateOnAsync(environmentId);
        await TurnAsync(api, sessionId, "echo one >> log.txt");
        await first.KillAsync(entireProcessTree: true);

        await using var second = TetherProcess.Start([.. arguments, "--continue"], environment, dir.Path);
        try
        {
            await TurnAsync(api, sessionId, "echo two >> log.txt");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nthe continued bridge said:\n{second.Output}", ex);
        }

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "log.txt")));
        Assert.Equal(environmentId, await ActiveEnvironmentAsync(http, second));
        Assert.Equal(2, (await api.EventsAsync(sessionId)).Count(IsCanUseTool));
        Assert.DoesNotContain("Starting fresh", second.Output, StringComparison.Ordinal);
    }

    private static async Task<string> ActiveEnvironmentAsync(HttpClient http, TetherProcess bridge)
    {
        string? id = null;
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(bridge.HasExited, $"tether bridge exited: {bridge.Output}");
            var page = await http.GetNodeAsync("/v1/environment_providers");
            id = page["environments"]!.AsArray().FirstOrDefault(e => e!["state"]!.GetValue<string>() == "active")?["environment_id"]?.GetValue<string>();
            return id is not null;
        }, TimeSpan.FromSeconds(60), "the bridge registers");
        return id!;
    }

    private static async Task TurnAsync(SessionApi api, string sessionId, string command)
    {
        await api.PromptAsync(sessionId, command);
        var ask = await api.WaitForEventAsync(sessionId, e => IsCanUseTool(e) && (string?)e["request"]?["input"]?["command"] == command,
            $"the agent asks to run {command}", TimeSpan.FromSeconds(60));
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        var askedAt = (long)ask["sequence_num"]!;
        await api.WaitForEventAsync(sessionId, e => IsResult(e) && (long)e["sequence_num"]! > askedAt, $"the turn running {command} ends", TimeSpan.FromSeconds(60));
    }
}
