using System.Text.Json.Nodes;
using static Tether.Agents.Tests.StreamJson;

namespace Tether.Agents.Tests;

/// <summary><c>tether agent</c> as a real child process, driven over stdin/stdout.</summary>
public sealed class BuiltinAgentProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Allow_RunsTheCommandAndEndsWithSuccess()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        var init = await agent.WaitForAsync(m => IsType(m, "system") && (string?)m["subtype"] == "init", cts.Token);
        Assert.Equal("tether-builtin", (string?)init["model"]);
        Assert.Equal(dir.Path, (string?)init["cwd"]);

        await agent.SendAsync(User("echo hi > out.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        Assert.Equal("Bash", (string?)ask["request"]!["tool_name"]);
        Assert.Equal("echo hi > out.txt", (string?)ask["request"]!["input"]!["command"]);
        Assert.False(File.Exists(dir.File("out.txt")), "The command must wait for permission.");

        await agent.SendAsync(Allow(ask), cts.Token);
        var result = await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("success", (string?)result["subtype"]);
        Assert.False((bool)result["is_error"]!);
        Assert.Equal("hi\n", await File.ReadAllTextAsync(dir.File("out.txt"), cts.Token));
        var toolResult = agent.Messages.Select(ToolResult).OfType<JsonObject>().Single();
        Assert.Equal((string?)ask["request"]!["tool_use_id"], (string?)toolResult["tool_use_id"]);
        Assert.False((bool)toolResult["is_error"]!);
        var toolUse = agent.Messages.Where(m => IsType(m, "assistant"))
            .SelectMany(m => m["message"]!["content"]!.AsArray())
            .Single(block => (string?)block!["type"] == "tool_use");
        Assert.Equal((string?)ask["request"]!["tool_use_id"], (string?)toolUse!["id"]);
        var texts = agent.Messages.Where(m => IsType(m, "assistant")).Select(m => m.ToJsonString());
        Assert.Contains(texts, text => text.Contains("no AI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_WithUpdatedInput_RunsTheUpdatedCommand()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("touch original.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        await agent.SendAsync(Allow(ask, new JsonObject { ["command"] = "touch edited.txt" }), cts.Token);
        await agent.WaitForAsync(IsResult, cts.Token);

        Assert.True(File.Exists(dir.File("edited.txt")));
        Assert.False(File.Exists(dir.File("original.txt")));
    }

    [Fact]
    public async Task Deny_DoesNotRunTheCommand()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("echo hi > out.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        await agent.SendAsync(Deny(ask, "Not on my machine"), cts.Token);
        var result = await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("success", (string?)result["subtype"]);
        Assert.Single(result["permission_denials"]!.AsArray());
        var toolResult = agent.Messages.Select(ToolResult).OfType<JsonObject>().Single();
        Assert.True((bool)toolResult["is_error"]!);
        Assert.Equal("Not on my machine", (string?)toolResult["content"]);
        Assert.False(File.Exists(dir.File("out.txt")));
    }

    [Fact]
    public async Task DenyWithInterrupt_EndsTheTurnAsInterrupted()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("touch out.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        await agent.SendAsync(Deny(ask, "Stop", interrupt: true), cts.Token);
        var result = await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("error_during_execution", (string?)result["subtype"]);
        Assert.True((bool)result["is_error"]!);
        Assert.False(File.Exists(dir.File("out.txt")));
    }

    [Fact]
    public async Task Interrupt_DuringASlowCommand_KillsItAndEndsTheTurnPromptly()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path, "--permission-mode", "bypassPermissions");

        // sleep runs in the background of the shell too, so only a kill of the whole process group ends both.
        await agent.SendAsync(User("sleep 30 & echo $! > bg.pid; echo $$ > sh.pid; sleep 30; touch late.txt"), cts.Token);
        await Conditions.WaitUntilAsync(() => HasPid(dir.File("sh.pid")) && HasPid(dir.File("bg.pid")), "the command started", cts.Token);
        var shellPid = await ReadPidAsync(dir.File("sh.pid"), cts.Token);
        var backgroundPid = await ReadPidAsync(dir.File("bg.pid"), cts.Token);

        await agent.SendAsync(ControlRequest("int-1", new JsonObject { ["subtype"] = "interrupt" }), cts.Token);
        var response = await agent.WaitForAsync(m => IsResponseTo(m, "int-1"), cts.Token);
        var result = await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("success", (string?)response["response"]!["subtype"]);
        Assert.Equal("error_during_execution", (string?)result["subtype"]);
        await Conditions.WaitUntilAsync(
            () => !Directory.Exists($"/proc/{shellPid}") && !Directory.Exists($"/proc/{backgroundPid}"), "the command's processes are gone", cts.Token);
        Assert.False(File.Exists(dir.File("late.txt")));
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task Interrupt_WhileWaitingForPermission_CancelsThePrompt()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("touch out.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        await agent.SendAsync(ControlRequest("int-1", new JsonObject { ["subtype"] = "interrupt" }), cts.Token);
        var cancel = await agent.WaitForAsync(m => IsType(m, "control_cancel_request"), cts.Token);
        var result = await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal((string?)ask["request_id"], (string?)cancel["request_id"]);
        Assert.Equal("error_during_execution", (string?)result["subtype"]);
        await agent.SendAsync(Allow(ask), cts.Token);
        await agent.SendAsync(User("touch second.txt"), cts.Token);
        var secondAsk = await agent.WaitForCountAsync(IsCanUseTool, 2, cts.Token);
        Assert.False(File.Exists(dir.File("out.txt")), "A late answer to a cancelled prompt must not run the command.");
        Assert.Equal("touch second.txt", (string?)secondAsk[1]["request"]!["input"]!["command"]);
    }

    [Fact]
    public async Task DuplicateUuid_IsReplayedButRunsOnce()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(
            dir.Path, "--cwd", dir.Path, "--permission-mode", "bypassPermissions", "--replay-user-messages");

        var first = User("echo x >> count.txt", "11111111-1111-4111-8111-111111111111");
        await agent.SendAsync(first, cts.Token);
        await agent.SendAsync(first, cts.Token);
        await agent.SendAsync(User("echo y >> count.txt"), cts.Token);
        await agent.WaitForCountAsync(IsResult, 2, cts.Token);

        Assert.Equal("x\ny\n", await File.ReadAllTextAsync(dir.File("count.txt"), cts.Token));
        var replays = agent.Messages.Where(m => IsType(m, "user") && (string?)m["uuid"] == "11111111-1111-4111-8111-111111111111").ToList();
        Assert.Equal(2, replays.Count);
        Assert.All(replays, replay => Assert.True((bool)replay["isReplay"]!));
        Assert.Equal(2, agent.Messages.Count(IsResult));
    }

    [Fact]
    public async Task MalformedAndOverlongLines_AreReportedAndTheAgentKeepsWorking()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path, "--permission-mode", "bypassPermissions");

        await agent.SendLineAsync("this is {not json", cts.Token);
        await agent.SendLineAsync("{\"type\":\"user\",\"message\":{\"content\":\"" + new string('a', 1_100_000) + "\"}}", cts.Token);
        await agent.SendAsync(new JsonObject { ["type"] = "keep_alive" }, cts.Token);
        await agent.SendAsync(new JsonObject { ["type"] = "update_environment_variables", ["variables"] = new JsonObject() }, cts.Token);
        await agent.SendAsync(User("touch alive.txt"), cts.Token);
        await agent.WaitForAsync(IsResult, cts.Token);

        var errors = agent.Messages.Where(m => IsType(m, "system") && (string?)m["subtype"] == "error").ToList();
        Assert.Equal(2, errors.Count);
        Assert.True(File.Exists(dir.File("alive.txt")));
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task ControlRequests_KnownSubtypesSucceedAndUnknownOnesGetAnError()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(ControlRequest("c1", new JsonObject { ["subtype"] = "initialize" }), cts.Token);
        await agent.SendAsync(ControlRequest("c2", new JsonObject { ["subtype"] = "set_model", ["model"] = "anything" }), cts.Token);
        await agent.SendAsync(ControlRequest("c3", new JsonObject { ["subtype"] = "bogus_thing" }), cts.Token);
        await agent.SendAsync(ControlRequest("c4", new JsonObject { ["subtype"] = "set_permission_mode", ["mode"] = "bypassPermissions" }), cts.Token);
        await agent.SendAsync(User("touch no-prompt.txt"), cts.Token);
        await agent.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("success", (string?)(await agent.WaitForAsync(m => IsResponseTo(m, "c1"), cts.Token))["response"]!["subtype"]);
        Assert.Equal("success", (string?)(await agent.WaitForAsync(m => IsResponseTo(m, "c2"), cts.Token))["response"]!["subtype"]);
        var unknown = (await agent.WaitForAsync(m => IsResponseTo(m, "c3"), cts.Token))["response"]!;
        Assert.Equal("error", (string?)unknown["subtype"]);
        Assert.Equal("Unsupported control request subtype: bogus_thing", (string?)unknown["error"]);
        Assert.Equal("bypassPermissions", (string?)(await agent.WaitForAsync(m => IsResponseTo(m, "c4"), cts.Token))["response"]!["response"]!["mode"]);
        Assert.DoesNotContain(agent.Messages, IsCanUseTool);
        Assert.True(File.Exists(dir.File("no-prompt.txt")));
    }

    [Fact]
    public async Task AlwaysAllowRule_SkipsLaterPrompts()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("touch one.txt"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        var alwaysBash = new JsonArray(new JsonObject
        {
            ["type"] = "addRules",
            ["rules"] = new JsonArray(new JsonObject { ["toolName"] = "Bash" }),
            ["behavior"] = "allow",
            ["destination"] = "session",
        });
        await agent.SendAsync(Allow(ask, updatedPermissions: alwaysBash), cts.Token);
        await agent.SendAsync(User("touch two.txt"), cts.Token);
        await agent.WaitForCountAsync(IsResult, 2, cts.Token);

        Assert.Single(agent.Messages, IsCanUseTool);
        Assert.True(File.Exists(dir.File("two.txt")));
    }

    [Fact]
    public async Task StdinClosed_DeniesThePendingPromptAndExits()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var agent = StreamJsonProcess.StartTetherAgent(dir.Path, "--cwd", dir.Path);

        await agent.SendAsync(User("touch out.txt"), cts.Token);
        await agent.WaitForAsync(IsCanUseTool, cts.Token);
        agent.CloseStdin();
        await agent.WaitForExitAsync(cts.Token);

        Assert.Equal(0, agent.ExitCode);
        Assert.Single(agent.Messages, IsResult);
        Assert.False(File.Exists(dir.File("out.txt")));
    }

    private static bool HasPid(string path) => File.Exists(path) && File.ReadAllText(path).EndsWith('\n');

    private static async Task<int> ReadPidAsync(string path, CancellationToken cancellationToken) =>
        int.Parse((await File.ReadAllTextAsync(path, cancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
