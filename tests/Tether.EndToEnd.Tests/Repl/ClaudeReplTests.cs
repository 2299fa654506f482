using Tether.Cli.Tests.Infrastructure;
using Tether.FakeAnthropic;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Repl;

/// <summary>tether repl driving the real claude CLI (against the fake Messages API), mirrored and approved from the web.</summary>
public sealed class ClaudeReplTests : IAsyncLifetime
{
    private const string Prompt = "please make the file";
    private readonly TempDirectory _home = new("tether-claude-home");
    private readonly TempDirectory _cwd = new("tether-claude-repl");
    private LoopbackServer _server = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _api = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _home.Dispose();
        _cwd.Dispose();
    }

    [Fact]
    public async Task WebAnswersClaudesPermissionPrompt_AndTheLocalPromptGoesAway()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = new FakeScript()
            .WhenUserSays(Prompt, ScriptedReply.WithBash("touch made-by-claude.txt", "Create the file"))
            .WhenToolResult(ScriptedReply.WithText("Done."))
            .Otherwise(ScriptedReply.WithText("Nothing scripted for this."));
        await using var fake = await FakeAnthropicServer.StartAsync(script, cts.Token);

        // The agent command line isolates claude from the developer's own setup, as the other claude tests do.
        var agent = string.Join(' ',
            "env", "-u", "CLAUDE_CODE_OAUTH_TOKEN", $"HOME={_home.Path}", $"CLAUDE_CONFIG_DIR={_home.Path}/.claude", $"ANTHROPIC_BASE_URL={fake.BaseUrl}",
            "ANTHROPIC_API_KEY=test", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", ClaudeCli.Locate(),
            "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", "--replay-user-messages");
        await using var terminal = new TestTerminal(currentDirectory: _cwd.Path);
        var run = terminal.RunAsync("repl", "--agent", agent, "--remote-control", "claude mirror",
            "--server", _server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken);
        await terminal.Out.WaitForAsync("Remote Control on: session ");
        var id = terminal.Out.Text.Split("Remote Control on: session ")[1].Split(' ')[0];

        await terminal.TypeAsync(Prompt);
        await terminal.Out.WaitForAsync("Allow", TimeSpan.FromSeconds(45));
        string? requestId = null;
        await Eventually.TrueAsync(async () =>
        {
            var events = (await _api.GetNodeAsync($"/v1/sessions/{id}/events?limit=100"))["data"]!.AsArray();
            requestId = events.LastOrDefault(e => e!["type"]!.GetValue<string>() == "control_request")?["request_id"]?.GetValue<string>();
            return requestId is not null;
        }, because: "claude's permission prompt is mirrored");
        Assert.False(File.Exists(Path.Combine(_cwd.Path, "made-by-claude.txt")));

        using (var answer = await _api.PostEventsAsync(id, WorkerEventLog.Allow(requestId!)))
        {
            answer.EnsureSuccessStatusCode();
        }

        await terminal.Out.WaitForAsync("Permission answered on Remote Control (allow)");
        await terminal.Out.WaitForAsync("✓ Done", TimeSpan.FromSeconds(45));
        Assert.True(File.Exists(Path.Combine(_cwd.Path, "made-by-claude.txt")));
        Assert.Contains("Done.", terminal.Out.Text);
        await Eventually.TrueAsync(async () => (await _api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>() == "idle");

        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
