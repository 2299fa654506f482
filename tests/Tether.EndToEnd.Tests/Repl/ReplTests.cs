using System.Text.Json.Nodes;
using Tether.Bridge.Agents;
using Tether.Cli.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Repl;

/// <summary>tether repl with the built-in agent, mirrored to a real server and driven from the Sessions API as the web app would.</summary>
public sealed class ReplTests : IAsyncLifetime
{
    private readonly TempDirectory _cwd = new("tether-repl");
    private LoopbackServer _server = null!;
    private HttpClient _api = null!;

    private static AgentHost Agents => new(Path.Combine(AppContext.BaseDirectory, "tether"), null, Environment.GetEnvironmentVariable("PATH"));

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _api = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _cwd.Dispose();
    }

    private TestTerminal Terminal() => new TestTerminal(currentDirectory: _cwd.Path).With(h => h with { Agents = Agents });

    private string[] Args(params string[] args) =>
        ["repl", "--agent", "builtin", .. args, "--server", _server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken];

    private static string SessionOf(TestTerminal terminal) => terminal.Out.Text.Split("Remote Control on: session ")[1].Split(' ')[0];

    private async Task<JsonArray> EventsAsync(string id) => (await _api.GetNodeAsync($"/v1/sessions/{id}/events?limit=100"))["data"]!.AsArray();

    private async Task<string> StatusAsync(string id) => (await _api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>();

    private async Task<string> WaitForPromptAsync(string id)
    {
        string? requestId = null;
        await Eventually.TrueAsync(async () =>
        {
            requestId = (await EventsAsync(id)).LastOrDefault(e => e!["type"]!.GetValue<string>() == "control_request")?["request_id"]?.GetValue<string>();
            return requestId is not null;
        }, because: "the agent's permission prompt reaches the server");
        return requestId!;
    }

    [Fact]
    public async Task Local_PromptAndPermission_RunTheCommand()
    {
        await using var terminal = Terminal();
        var run = terminal.RunAsync(Args());
        await terminal.Out.WaitForAsync("tether repl");

        await terminal.TypeAsync("touch made-locally.txt");
        await terminal.Out.WaitForAsync("Allow");
        await terminal.TypeAsync("y");
        await terminal.Out.WaitForAsync("✓ Done");
        Assert.True(File.Exists(Path.Combine(_cwd.Path, "made-locally.txt")));

        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Mirror_WebPromptAndWebAnswer_CancelTheLocalPrompt_ThenLocalAnswerCancelsTheWebPrompt()
    {
        await using var terminal = Terminal();
        var run = terminal.RunAsync(Args("--remote-control", "mirror test"));
        await terminal.Out.WaitForAsync("Remote Control on: session ");
        var id = SessionOf(terminal);
        Assert.Equal("mirror test", (await _api.GetNodeAsync($"/v1/sessions/{id}"))["title"]!.GetValue<string>());

        // A prompt from the web runs locally; its permission prompt is asked in both places and the web answers first.
        using (var prompt = await _api.PostEventsAsync(id, ApiJson.UserMessage("touch from-web.txt")))
        {
            prompt.EnsureSuccessStatusCode();
        }

        await terminal.Out.WaitForAsync("web › touch from-web.txt");
        var webRequest = await WaitForPromptAsync(id);
        await terminal.Out.WaitForAsync("Allow");
        await Eventually.TrueAsync(async () => await StatusAsync(id) == "requires_action");
        using (var answer = await _api.PostEventsAsync(id, WorkerEventLog.Allow(webRequest)))
        {
            answer.EnsureSuccessStatusCode();
        }

        await terminal.Out.WaitForAsync("Permission answered on Remote Control (allow)");
        await terminal.Out.WaitForAsync("✓ Done");
        Assert.True(File.Exists(Path.Combine(_cwd.Path, "from-web.txt")));
        await Eventually.TrueAsync(async () => await StatusAsync(id) == "idle", because: "the result reports idle");

        // A local prompt: answered here first, so the web's copy is withdrawn with control_cancel_request.
        await terminal.TypeAsync("touch from-terminal.txt");
        var localRequest = await Eventually2(() => WaitForPromptAsync(id), webRequest);
        await terminal.TypeAsync("y");
        await Eventually.TrueAsync(async () => (await EventsAsync(id)).Any(e =>
            e!["type"]!.GetValue<string>() == "control_cancel_request" && e["request_id"]!.GetValue<string>() == localRequest), because: "the server sees the cancel");
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(_cwd.Path, "from-terminal.txt")));
        await Eventually.TrueAsync(async () => await StatusAsync(id) != "requires_action");

        // A late web answer to the withdrawn prompt is refused by the server.
        using (var late = await _api.PostEventsAsync(id, WorkerEventLog.Allow(localRequest)))
        {
            Assert.False(late.IsSuccessStatusCode);
        }

        await terminal.TypeAsync("/remote-control");
        await terminal.Out.WaitForAsync("Remote Control off");
        Assert.Equal("archived", await StatusAsync(id));
        Assert.Equal("result", (await EventsAsync(id))[^1]!["type"]!.GetValue<string>());

        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task RemoteControlCommand_MidSession_UploadsTheConversationSoFar()
    {
        await using var terminal = Terminal();
        var run = terminal.RunAsync(Args());
        await terminal.TypeAsync("echo before-mirroring");
        await terminal.Out.WaitForAsync("Allow");
        await terminal.TypeAsync("y");
        await terminal.Out.WaitForAsync("✓ Done");

        await terminal.TypeAsync("/remote-control named later");
        await terminal.Out.WaitForAsync("Remote Control on: session ");
        var id = SessionOf(terminal);
        Assert.Equal("named later", (await _api.GetNodeAsync($"/v1/sessions/{id}"))["title"]!.GetValue<string>());
        var events = await EventsAsync(id);
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "user" && e.ToJsonString().Contains("echo before-mirroring"));
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "result");
        Assert.DoesNotContain(events, e => e!["type"]!.GetValue<string>() == "control_request");
        Assert.Equal("idle", await StatusAsync(id));

        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("archived", await StatusAsync(id));
    }

    [Fact]
    public async Task OutboundOnly_RefusesWebPromptsAndControlRequests()
    {
        await using var terminal = Terminal();
        var run = terminal.RunAsync(Args("--remote-control", "--outbound-only"));
        await terminal.Out.WaitForAsync("Remote Control on: session ");
        var id = SessionOf(terminal);
        await terminal.TypeAsync("echo mirrored");
        await terminal.Out.WaitForAsync("Allow");
        await terminal.TypeAsync("y");
        await Eventually.TrueAsync(async () => (await EventsAsync(id)).Any(e => e!["type"]!.GetValue<string>() == "result"), because: "the local turn is mirrored");

        using (var prompt = await _api.PostEventsAsync(id, ApiJson.UserMessage("touch should-not-exist.txt")))
        {
            prompt.EnsureSuccessStatusCode();
        }

        await terminal.Out.WaitForAsync("Ignored a prompt from Remote Control");
        var interrupt = new JsonObject
        {
            ["type"] = "control_request",
            ["request_id"] = "req-interrupt",
            ["request"] = new JsonObject { ["subtype"] = "interrupt" },
        }.ToJsonString();
        using (var control = await _api.PostEventsAsync(id, interrupt))
        {
            control.EnsureSuccessStatusCode();
        }

        JsonNode? refusal = null;
        await Eventually.TrueAsync(async () =>
        {
            refusal = (await EventsAsync(id)).FirstOrDefault(e => e!["type"]!.GetValue<string>() == "control_response"
                && e["response"]?["request_id"]?.GetValue<string>() == "req-interrupt");
            return refusal is not null;
        }, because: "the interrupt is answered with the outbound-only error");
        Assert.Equal("error", refusal!["response"]!["subtype"]!.GetValue<string>());
        Assert.Equal("This session is outbound-only. Enable Remote Control locally to allow inbound control.", refusal["response"]!["error"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(_cwd.Path, "should-not-exist.txt")));
        Assert.Single(terminal.Out.Text.Split('\n'), l => l.Contains("[y]es", StringComparison.Ordinal));

        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("archived", await StatusAsync(id));
    }

    /// <summary>Waits for a permission prompt other than <paramref name="previous"/>.</summary>
    private async Task<string> Eventually2(Func<Task<string>> latest, string previous)
    {
        string current = previous;
        await Eventually.TrueAsync(async () => (current = await latest()) != previous, because: "a new permission prompt");
        return current;
    }
}
