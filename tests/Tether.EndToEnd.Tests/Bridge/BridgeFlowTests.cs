using Tether.Bridge;
using Tether.Bridge.Transports.V1;
using Tether.Bridge.Transports.V2;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>The bridge in-process against the real server, running the built-in agent as a real child process.</summary>
public sealed class BridgeFlowTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionOnEnvironment_PromptPermissionAllow_RunsOnceAndGoesIdle(bool codeSessions)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var dir = new TempDirectory("bridge-dir");
        await using var bridge = await BridgeHarness.StartAsync(server, dir.Path);
        using var http = server.CreateClient();
        var api = new SessionApi(http);

        await api.UseCodeSessionsAsync(codeSessions);
        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);
        await api.PromptAsync(sessionId, "echo made >> made.txt");
        var ask = await api.WaitForEventAsync(sessionId, IsCanUseTool, "the agent asks to run the command");
        await Eventually.TrueAsync(async () => await api.StatusAsync(sessionId) == "requires_action", because: "a pending prompt is requires_action");
        Assert.False(File.Exists(Path.Combine(dir.Path, "made.txt")));

        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        await api.WaitForEventAsync(sessionId, IsResult, "the turn finishes");
        await Eventually.TrueAsync(async () => await api.StatusAsync(sessionId) == "idle", because: "result makes the session idle");

        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "made.txt")));
        var events = await api.EventsAsync(sessionId);
        Assert.Single(events, e => Type(e) == "result");
        Assert.Single(events, IsCanUseTool);
        var seqs = events.Select(e => (long)e["sequence_num"]!).ToList();
        Assert.Equal(seqs.Order(), seqs);
        // The agent echoes the prompt back (--replay-user-messages) under the prompt's own uuid; everything else is unique.
        var originals = events.Where(e => e["isReplay"]?.GetValue<bool>() != true).ToList();
        Assert.Equal(originals.Count, originals.Select(e => (string?)e["uuid"]).Distinct().Count());
        AssertProtocol(bridge, codeSessions);
    }

    /// <summary>The session ran on the transport the org setting asked for (a v2 worker holds a registered epoch).</summary>
    internal static void AssertProtocol(BridgeHarness bridge, bool codeSessions)
    {
        var transport = Assert.Single(bridge.Transports);
        if (codeSessions)
        {
            Assert.True(Assert.IsType<V2SessionTransport>(transport).Epoch > 0, "the v2 worker registered");
        }
        else
        {
            Assert.IsType<V1SessionTransport>(transport);
        }
    }
}
