using System.Diagnostics;
using static Tether.Agents.Tests.StreamJson;

namespace Tether.Agents.Tests;

/// <summary><c>tether agent</c>'s command line: claude-compatible flags, session id, and what it refuses.</summary>
public sealed class AgentCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SessionIdAndPermissionMode_AreReportedInInitAndEveryMessage()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        const string sessionId = "6f1d3c1e-2a43-4c1b-9d0e-3d7a1a2b9c10";
        await using var agent = StreamJsonProcess.StartTetherAgent(
            dir.Path, "--session-id", sessionId, "--permission-mode", "acceptEdits", "--model", "ignored", "--replay-user-messages");

        await agent.SendAsync(User("true"), cts.Token);
        var ask = await agent.WaitForAsync(IsCanUseTool, cts.Token);
        await agent.SendAsync(Allow(ask), cts.Token);
        await agent.WaitForAsync(IsResult, cts.Token);

        var init = agent.Messages[0];
        Assert.Equal("init", (string?)init["subtype"]);
        Assert.Equal("acceptEdits", (string?)init["permissionMode"]);
        Assert.Equal(dir.Path, (string?)init["cwd"]);
        Assert.All(agent.Messages.Where(m => !IsType(m, "control_request")), m => Assert.Equal(sessionId, (string?)m["session_id"]));
    }

    [Theory]
    [InlineData("--input-format", "text")]
    [InlineData("--permission-mode", "yolo")]
    [InlineData("--cwd", "/nonexistent/tether-agent-test")]
    public async Task UnsupportedValues_ExitWithAnError(string option, string value)
    {
        using var cts = new CancellationTokenSource(s_timeout);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "tether.dll"), "agent", option, value])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.NotEmpty(await stderr);
        Assert.DoesNotContain("\"init\"", await stdout, StringComparison.Ordinal);
    }
}
