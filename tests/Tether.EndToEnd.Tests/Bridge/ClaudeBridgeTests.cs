using System.Text.Json.Nodes;
using Tether.Bridge;
using Tether.Bridge.Agents;
using Tether.FakeAnthropic;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>
/// The real claude CLI (from tests/node, installed by scripts/install-test-deps.sh) run by the bridge against the
/// scripted fake Messages API, driven only through the Sessions API as a browser would.
/// </summary>
public sealed class ClaudeBridgeTests
{
    private const string MakeFile = "please make the file";
    private const string LongCommand = "please wait a minute";

    private const string ProbeFile = "tether-interrupt-probe.log";

    private static FakeScript Script() => new FakeScript()
        .WhenUserSays(MakeFile, ScriptedReply.WithBash("touch made-by-claude.txt", "Create the file"))
        .WhenUserSays(LongCommand, ScriptedReply.WithBash($"tail -f {ProbeFile}", "Follow the log"))
        .WhenToolResult(ScriptedReply.WithText("Done."))
        .Otherwise(ScriptedReply.WithText("Nothing scripted for this."));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Allow_RunsTheCommandAndFinishes(bool inWorktree, bool codeSessions)
    {
        var mode = inWorktree ? SpawnMode.Worktree : SpawnMode.SameDir;
        await using var rig = await Rig.StartAsync(mode);
        await rig.Api.UseCodeSessionsAsync(codeSessions);
        var sessionId = await rig.Api.CreateOnAsync(rig.Bridge.EnvironmentId);
        await rig.Api.PromptAsync(sessionId, MakeFile);
        var ask = await rig.Api.WaitForEventAsync(sessionId, IsCanUseTool, "claude asks to run Bash", TimeSpan.FromSeconds(40));
        Assert.Equal("touch made-by-claude.txt", (string?)ask["request"]!["input"]!["command"]);
        var directory = rig.Bridge.Observer.Started[sessionId].Directory!;
        Assert.False(File.Exists(Path.Combine(directory, "made-by-claude.txt")));

        await rig.Api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        var result = await rig.Api.WaitForEventAsync(sessionId, IsResult, "the turn finishes", TimeSpan.FromSeconds(40));

        Assert.Equal("success", (string?)result["subtype"]);
        Assert.True(File.Exists(Path.Combine(directory, "made-by-claude.txt")));
        if (mode == SpawnMode.Worktree)
        {
            Assert.False(File.Exists(Path.Combine(rig.Directory.Path, "made-by-claude.txt")));
        }

        BridgeFlowTests.AssertProtocol(rig.Bridge, codeSessions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deny_LeavesNoFile(bool codeSessions)
    {
        await using var rig = await Rig.StartAsync(SpawnMode.SameDir);
        await rig.Api.UseCodeSessionsAsync(codeSessions);
        var sessionId = await rig.Api.CreateOnAsync(rig.Bridge.EnvironmentId);
        await rig.Api.PromptAsync(sessionId, MakeFile);
        var ask = await rig.Api.WaitForEventAsync(sessionId, IsCanUseTool, "claude asks to run Bash", TimeSpan.FromSeconds(40));

        await rig.Api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: false, "not today");
        var result = await rig.Api.WaitForEventAsync(sessionId, IsResult, "the turn finishes", TimeSpan.FromSeconds(40));

        Assert.Single(result["permission_denials"]!.AsArray());
        Assert.False(File.Exists(Path.Combine(rig.Directory.Path, "made-by-claude.txt")));
        BridgeFlowTests.AssertProtocol(rig.Bridge, codeSessions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Interrupt_StopsALongCommand(bool codeSessions)
    {
        await using var rig = await Rig.StartAsync(SpawnMode.SameDir);
        await rig.Api.UseCodeSessionsAsync(codeSessions);
        await File.WriteAllTextAsync(Path.Combine(rig.Directory.Path, ProbeFile), "started\n");
        var sessionId = await rig.Api.CreateOnAsync(rig.Bridge.EnvironmentId);
        await rig.Api.PromptAsync(sessionId, LongCommand);
        await rig.Api.WaitForEventAsync(sessionId, e => Type(e) == "assistant" && e.ToJsonString().Contains(ProbeFile, StringComparison.Ordinal),
            "claude calls Bash", TimeSpan.FromSeconds(40));

        // claude may run sleep without asking (it is read-only); whenever it asks, allow it. The command is running once
        // its process exists.
        var answered = false;
        await Eventually.TrueAsync(async () =>
        {
            if (!answered && (await rig.Api.EventsAsync(sessionId)).FirstOrDefault(IsCanUseTool) is { } ask)
            {
                await rig.Api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
                answered = true;
            }

            return ProbeCommandRunning();
        }, TimeSpan.FromSeconds(30), "the long command runs").WaitAsync(TimeSpan.FromSeconds(40)).ContinueWith(async waited =>
        {
            if (waited.IsFaulted)
            {
                var events = string.Join("\n", (await rig.Api.EventsAsync(sessionId)).Select(e => e.ToJsonString()));
                throw new TimeoutException($"the long command never ran; session events:\n{events}", waited.Exception);
            }
        }).Unwrap();

        var started = DateTime.UtcNow;
        await rig.Api.InterruptAsync(sessionId);
        await rig.Api.WaitForEventAsync(sessionId, IsResult, "the interrupted turn ends", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => !ProbeCommandRunning(), TimeSpan.FromSeconds(15), "the interrupted command's process is gone");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(40), "the interrupt must not wait for the command");
        BridgeFlowTests.AssertProtocol(rig.Bridge, codeSessions);
    }

    // claude refuses a bare `sleep N` before asking, so the long command follows a log file only this test uses; finding
    // it in /proc means the command is really running.
    private static bool ProbeCommandRunning() =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(ProbeFile, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    private sealed class Rig : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(90));
        private readonly TempDirectory _home = new("claude-home");
        private LoopbackServer _server = null!;
        private FakeAnthropicServer _fake = null!;
        private HttpClient _http = null!;

        public TempDirectory Directory { get; } = new("claude-bridge");

        public BridgeHarness Bridge { get; private set; } = null!;

        public SessionApi Api { get; private set; } = null!;

        public static async Task<Rig> StartAsync(SpawnMode mode)
        {
            var claude = ClaudeCli.TryLocate();
            Assert.True(claude is not null, "claude is not installed: run bash scripts/install-test-deps.sh");
            var rig = new Rig();
            rig._fake = await FakeAnthropicServer.StartAsync(Script(), rig._cts.Token);
            rig._server = await LoopbackServer.StartAsync();
            if (mode == SpawnMode.Worktree)
            {
                await Git(rig.Directory.Path, "init", "-q", "-b", "main");
                await Git(rig.Directory.Path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init");
            }

            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = rig._home.Path,
                ["CLAUDE_CONFIG_DIR"] = Path.Combine(rig._home.Path, ".claude"),
                ["ANTHROPIC_BASE_URL"] = rig._fake.BaseUrl,
                ["ANTHROPIC_API_KEY"] = "test",
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            };
            foreach (var inherited in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                .Where(k => (k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("CLAUDE", StringComparison.Ordinal)) && !environment.ContainsKey(k)))
            {
                environment[inherited] = null;
            }

            rig.Bridge = await BridgeHarness.StartAsync(rig._server, rig.Directory.Path, mode, agent: new AgentSpec(AgentKind.Claude, claude), agentEnvironment: environment);
            rig._http = rig._server.CreateClient();
            rig.Api = new SessionApi(rig._http);
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Bridge.DisposeAsync();
            _http.Dispose();
            await _server.DisposeAsync();
            await _fake.DisposeAsync();
            Directory.Dispose();
            _home.Dispose();
            _cts.Dispose();
        }

        private static async Task Git(string directory, params string[] arguments)
        {
            var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(info)!;
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }
    }
}
