using System.Text.Json.Nodes;
using Tether.FakeAnthropic;
using static Tether.Agents.Tests.StreamJson;

namespace Tether.Agents.Tests;

/// <summary>
/// The released claude CLI (installed by scripts/install-test-deps.sh) against the scripted fake Messages API: the
/// permission round trip over stdio that the bridge relays. A writing command is used because claude approves
/// read-only ones (echo, ls) without asking.
/// </summary>
public sealed class ClaudeCliTests
{
    private const string Prompt = "please make the file";
    private const string Command = "touch made-by-claude.txt";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static FakeScript Script() => new FakeScript()
        .WhenUserSays(Prompt, ScriptedReply.WithBash(Command, "Create the file"))
        .WhenToolResult(ScriptedReply.WithText("Done."))
        .Otherwise(ScriptedReply.WithText("Nothing scripted for this."));

    [Fact]
    public async Task AllowedBash_RunsAndTheTurnFinishes()
    {
        using var home = new TempDirectory();
        using var cwd = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        await using var claude = StreamJsonProcess.StartClaude(fake.BaseUrl, home.Path, cwd.Path);

        await claude.SendAsync(User(Prompt), cts.Token);
        var ask = await claude.WaitForAsync(IsCanUseTool, cts.Token);
        Assert.Equal("Bash", (string?)ask["request"]!["tool_name"]);
        Assert.Equal(Command, (string?)ask["request"]!["input"]!["command"]);
        Assert.False(File.Exists(cwd.File("made-by-claude.txt")), "claude must wait for the answer.");

        await claude.SendAsync(Allow(ask), cts.Token);
        var result = await claude.WaitForAsync(IsResult, cts.Token);

        Assert.Equal("success", (string?)result["subtype"]);
        Assert.Equal("Done.", (string?)result["result"]);
        Assert.True(File.Exists(cwd.File("made-by-claude.txt")));
        var followUp = fake.MessagesRequests.Last(request => request.LastUserHasToolResult);
        Assert.False(followUp.LastToolResultIsError);
        Assert.Contains("Bash", followUp.ToolNames);
    }

    [Fact]
    public async Task DeniedBash_DoesNotRunAndTheModelSeesTheDenial()
    {
        using var home = new TempDirectory();
        using var cwd = new TempDirectory();
        using var cts = new CancellationTokenSource(s_timeout);
        await using var fake = await FakeAnthropicServer.StartAsync(Script(), cts.Token);
        await using var claude = StreamJsonProcess.StartClaude(fake.BaseUrl, home.Path, cwd.Path);

        await claude.SendAsync(User(Prompt), cts.Token);
        var ask = await claude.WaitForAsync(IsCanUseTool, cts.Token);
        await claude.SendAsync(Deny(ask, "Denied from the test"), cts.Token);
        var result = await claude.WaitForAsync(IsResult, cts.Token);

        Assert.False(File.Exists(cwd.File("made-by-claude.txt")));
        Assert.Single(result["permission_denials"]!.AsArray());
        var toolResult = claude.Messages.Select(ToolResult).OfType<JsonObject>().Single();
        Assert.True((bool)toolResult["is_error"]!);
        var followUp = fake.MessagesRequests.Last(request => request.LastUserHasToolResult);
        Assert.True(followUp.LastToolResultIsError);
        Assert.Contains("Denied from the test", followUp.LastToolResultText, StringComparison.Ordinal);
    }
}
