using System.Diagnostics;
using System.Text.Json.Nodes;
using Tether.Cli.Tests.Infrastructure;
using Tether.FakeAnthropic;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Teleport;

/// <summary>tether teleport in real git repositories, with the transcript resumed by the real claude CLI.</summary>
public sealed class TeleportTests : IAsyncLifetime
{
    private const string Branch = "claude/fix-it";
    private readonly TempDirectory _root = new("tether-teleport");
    private LoopbackServer _server = null!;
    private HttpClient _api = null!;
    private string _origin = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _api = _server.CreateClient();
        _origin = await GitRepo.CreateOriginAsync(_root.Path, "acme", "widgets", Branch);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _root.Dispose();
    }

    private async Task<string> CreateSessionAsync(string branch, string repository = "https://github.com/Acme/Widgets")
    {
        var body = new JsonObject
        {
            ["title"] = "fix the widgets",
            ["session_context"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject { ["type"] = "git_repository", ["url"] = repository, ["revision"] = "main" }),
                ["outcomes"] = new JsonArray(new JsonObject
                {
                    ["type"] = "git_repository",
                    ["git_info"] = new JsonObject { ["type"] = "github", ["repo"] = "acme/widgets", ["branches"] = new JsonArray(branch) },
                }),
            },
        };
        var id = (await _api.PostJsonAsync("/v1/sessions", body.ToJsonString()))["id"]!.GetValue<string>();
        using var prompt = await _api.PostEventsAsync(id, ApiJson.UserMessage("please fix the widgets"));
        prompt.EnsureSuccessStatusCode();
        await WorkerEventLog.AppendAsync(_server, id,
            WorkerEventLog.ToolUse("touch fix.txt"),
            WorkerEventLog.ToolResult("created"),
            WorkerEventLog.Assistant("The widgets are fixed: see fix.txt."),
            WorkerEventLog.Result());
        return id;
    }

    private TestTerminal Terminal(string cwd, string home)
    {
        var terminal = new TestTerminal(currentDirectory: cwd);
        terminal.SetEnvironment("CLAUDE_CONFIG_DIR", Path.Combine(home, ".claude"));
        return terminal;
    }

    private string[] Args(params string[] args) => [.. args, "--server", _server.BaseAddress.ToString(), "--token", LoopbackServer.OwnerToken];

    [Fact]
    public async Task Teleport_ChecksOutTheBranch_AndClaudeResumesTheTranscript()
    {
        var id = await CreateSessionAsync(Branch);
        var checkout = await GitRepo.CloneAsync(_origin, Path.Combine(_root.Path, "local"));
        await File.WriteAllTextAsync(Path.Combine(checkout, "notes.txt"), "untracked files do not block a teleport\n");
        var home = Directory.CreateDirectory(Path.Combine(_root.Path, "home")).FullName;
        await using var terminal = Terminal(checkout, home);

        Assert.Equal(0, await terminal.RunAsync(Args("teleport", id, "--no-start")));

        Assert.Equal(Branch, await GitRepo.RunAsync(checkout, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal($"origin/{Branch}", await GitRepo.RunAsync(checkout, "rev-parse", "--abbrev-ref", "@{upstream}"));
        Assert.True(File.Exists(Path.Combine(checkout, "fix.txt")));
        var localId = terminal.Out.Text.Split("claude --resume ")[1].Trim();
        var transcript = Path.Combine(home, ".claude", "projects", checkout.Replace('/', '-').Replace('.', '-'), localId + ".jsonl");
        Assert.True(File.Exists(transcript), $"expected {transcript}; output:\n{terminal.Out.Text}");
        var lines = (await File.ReadAllLinesAsync(transcript)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], lines.Select(l => l["type"]!.GetValue<string>()));
        Assert.Contains("continued from another machine", lines[^1]["message"]!["content"]!.GetValue<string>());
        Assert.All(lines.Skip(1), (l, i) => Assert.Equal(lines[i]["uuid"]!.GetValue<string>(), l["parentUuid"]!.GetValue<string>()));

        // The real claude accepts the file: it resumes the session and sends the history to the model.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var fake = await FakeAnthropicServer.StartAsync(new FakeScript().Otherwise(ScriptedReply.WithText("Continuing here.")), cts.Token);
        var (exitCode, stdout, stderr) = await RunClaudeAsync(checkout, home, fake.BaseUrl, cts.Token, "-p", "--resume", localId, "--output-format", "json", "what did you fix?");
        Assert.True(exitCode == 0, $"claude exited {exitCode}: {stderr}\n{stdout}");
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("success", result["subtype"]!.GetValue<string>());
        Assert.Equal("Continuing here.", result["result"]!.GetValue<string>());
        Assert.Contains("The widgets are fixed", fake.MessagesRequests[^1].Body.ToJsonString());
        Assert.Contains("please fix the widgets", fake.MessagesRequests[^1].Body.ToJsonString());
    }

    [Fact]
    public async Task Teleport_StartsClaudeWithResume()
    {
        var id = await CreateSessionAsync(Branch);
        var checkout = await GitRepo.CloneAsync(_origin, Path.Combine(_root.Path, "start"));
        var recorded = Path.Combine(_root.Path, "claude-args.txt");
        var fakeClaude = Path.Combine(_root.Path, "fake-claude.sh");
        await File.WriteAllTextAsync(fakeClaude, $"#!/bin/sh\necho \"$PWD $@\" > {recorded}\nexit 7\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakeClaude, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await using var terminal = Terminal(checkout, _root.Path);

        Assert.Equal(7, await terminal.RunAsync(Args("teleport", id, "--claude", fakeClaude)));

        var localId = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(_root.Path, ".claude", "projects"), "*.jsonl", SearchOption.AllDirectories).Single());
        Assert.Equal($"{checkout} --resume {localId}", (await File.ReadAllTextAsync(recorded)).Trim());
    }

    [Fact]
    public async Task Teleport_FromAnotherRepository_SaysWhereToRunIt()
    {
        var id = await CreateSessionAsync(Branch);
        var otherOrigin = await GitRepo.CreateOriginAsync(_root.Path, "acme", "gadgets", "main2");
        var checkout = await GitRepo.CloneAsync(otherOrigin, Path.Combine(_root.Path, "other"));
        await using var terminal = Terminal(checkout, _root.Path);

        Assert.Equal(1, await terminal.RunAsync(Args("teleport", id, "--no-start")));

        Assert.Contains("acme/gadgets", terminal.Error.Text);
        Assert.Contains($"Run `tether teleport {id}` from a checkout of Acme/Widgets", terminal.Error.Text);
        Assert.Equal("main", await GitRepo.RunAsync(checkout, "rev-parse", "--abbrev-ref", "HEAD"));
    }

    [Fact]
    public async Task Teleport_DirtyTree_IsRefusedAndNothingChanges()
    {
        var id = await CreateSessionAsync(Branch);
        var checkout = await GitRepo.CloneAsync(_origin, Path.Combine(_root.Path, "dirty"));
        await File.AppendAllTextAsync(Path.Combine(checkout, "README.md"), "local edit\n");
        await using var terminal = Terminal(checkout, _root.Path);

        Assert.Equal(1, await terminal.RunAsync(Args("teleport", id, "--no-start")));

        Assert.Contains("uncommitted changes", terminal.Error.Text);
        Assert.Contains("README.md", terminal.Error.Text);
        Assert.Equal("main", await GitRepo.RunAsync(checkout, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, ".claude")));
    }

    [Fact]
    public async Task Teleport_BranchMissingOnOrigin_SaysSo()
    {
        var id = await CreateSessionAsync("claude/never-pushed");
        var checkout = await GitRepo.CloneAsync(_origin, Path.Combine(_root.Path, "missing"));
        await using var terminal = Terminal(checkout, _root.Path);

        Assert.Equal(1, await terminal.RunAsync(Args("teleport", id, "--no-start")));

        Assert.Contains("claude/never-pushed is not on origin", terminal.Error.Text);
        Assert.Equal("main", await GitRepo.RunAsync(checkout, "rev-parse", "--abbrev-ref", "HEAD"));
    }

    [Fact]
    public async Task Teleport_OutsideAnyRepository_SaysWhereToRunIt()
    {
        var id = await CreateSessionAsync(Branch);
        var plain = Directory.CreateDirectory(Path.Combine(_root.Path, "plain")).FullName;
        await using var terminal = Terminal(plain, _root.Path);

        Assert.Equal(1, await terminal.RunAsync(Args("teleport", id, "--no-start")));

        Assert.Contains("is not a git repository", terminal.Error.Text);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunClaudeAsync(
        string cwd, string home, string anthropicBaseUrl, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo(ClaudeCli.Locate()) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("CLAUDE", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["HOME"] = home;
        info.Environment["CLAUDE_CONFIG_DIR"] = Path.Combine(home, ".claude");
        info.Environment["ANTHROPIC_BASE_URL"] = anthropicBaseUrl;
        info.Environment["ANTHROPIC_API_KEY"] = "test";
        info.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
