using System.Text.Json.Nodes;
using Tether.Cli.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Cli.Tests.Attach;

public sealed class AttachTests : CommandTests
{
    [Fact]
    public async Task Attach_LiveSession_ShowsTranscriptAndApprovesPrompt()
    {
        var id = await Api.CreateSessionAsync("live one");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("history before attach"));
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));

        await terminal.Out.WaitForAsync("history before attach");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.ToolUse("touch x"), WorkerEventLog.CanUseTool("req-1"));
        await terminal.Out.WaitForAsync("Allow Bash?");
        Assert.Contains("Bash(touch x)", terminal.Out.Text);
        Assert.Equal("requires_action", (await Api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());

        await terminal.TypeAsync("y");
        await terminal.Out.WaitForAsync("Allowed.");
        var events = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray();
        var response = events.Single(e => e!["type"]!.GetValue<string>() == "control_response")!;
        Assert.Equal("req-1", response["response"]!["request_id"]!.GetValue<string>());
        Assert.Equal("allow", response["response"]!["response"]!["behavior"]!.GetValue<string>());
        Assert.Equal("touch x", response["response"]!["response"]!["updatedInput"]!["command"]!.GetValue<string>());
        Assert.NotEqual("requires_action", (await Api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());

        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Attach_Always_SendsPermissionSuggestionsAsUpdatedPermissions()
    {
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.CanUseTool("req-a"));
        await terminal.Out.WaitForAsync("Allow Bash?");

        await terminal.TypeAsync("always");
        await terminal.Out.WaitForAsync("remembered");
        var events = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray();
        var answer = events.Single(e => e!["type"]!.GetValue<string>() == "control_response")!["response"]!["response"]!;
        Assert.Equal("addRules", answer["updatedPermissions"]![0]!["type"]!.GetValue<string>());

        await terminal.CloseInputAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Attach_TypedLine_PostsUserMessageWithFreshUuid_AndEndOfInputWaitsForResult()
    {
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");

        await terminal.TypeAsync("list the files");
        await terminal.CloseInputAsync();
        await Eventually.TrueAsync(async () =>
            (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().Any(e => e!["type"]!.GetValue<string>() == "user"));
        var user = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().Single()!;
        Assert.Equal("list the files", user["message"]!["content"]!.GetValue<string>());
        Assert.Equal(id, user["session_id"]!.GetValue<string>());
        Assert.True(Guid.TryParse(user["uuid"]!.GetValue<string>(), out _));
        Assert.False(run.IsCompleted, "attach must wait for the turn's result after end of input");

        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("here they are"), WorkerEventLog.Result());
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("here they are", terminal.Out.Text);
        Assert.Contains("✓ Done", terminal.Out.Text);
        Assert.Single(terminal.Out.Text.Split('\n'), l => l.Contains("list the files"));
    }

    [Fact]
    public async Task Attach_PromptAnsweredElsewhere_Disappears()
    {
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.CanUseTool("req-2"));
        await terminal.Out.WaitForAsync("Allow Bash?");

        using var other = await Api.PostEventsAsync(id, WorkerEventLog.Allow("req-2"));
        other.EnsureSuccessStatusCode();
        await terminal.Out.WaitForAsync("answered elsewhere (allow)");

        // With no prompt open, the next line is a prompt again, not an answer.
        await terminal.TypeAsync("y");
        await Eventually.TrueAsync(async () =>
            (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().Any(e => e!["type"]!.GetValue<string>() == "user"));
        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Viewer_SendsNothing_EvenWhenTypingAndPressingCtrlC()
    {
        var id = await Api.CreateSessionAsync();
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("hello viewer"), WorkerEventLog.CanUseTool("req-v"));
        using var counter = new RequestCounter(Server.BaseAddress);
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id, "--viewer"));

        await terminal.Out.WaitForAsync("waiting for an answer from another client");
        Assert.Contains("hello viewer", terminal.Out.Text);
        await terminal.TypeAsync("y");
        await terminal.TypeAsync("please do something");
        await terminal.Out.WaitForAsync("Viewer mode is read-only");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("still live"));
        await terminal.Out.WaitForAsync("still live");
        terminal.Interrupts.Press();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, counter.Count("POST"));
        Assert.Contains(counter.Requests, r => r.StartsWith("GET /v1/sessions/ws/", StringComparison.Ordinal));
        var events = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray();
        Assert.Equal(3, events.Count);
        Assert.Equal("requires_action", (await Api.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task CtrlC_SendsInterrupt_SecondWithinTwoSecondsExits()
    {
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");

        terminal.Interrupts.Press();
        await terminal.Out.WaitForAsync("Interrupt sent");
        var control = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().Single()!;
        Assert.Equal("control_request", control["type"]!.GetValue<string>());
        Assert.Equal("interrupt", control["request"]!["subtype"]!.GetValue<string>());
        Assert.False(run.IsCompleted);

        terminal.Interrupts.Press();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task NoReactionFor60s_WarnsUnresponsive()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal(time: time);
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");
        await terminal.TypeAsync("are you there?");
        await Eventually.TrueAsync(async () => (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().Count == 1);
        await terminal.Out.WaitForAsync("are you there?");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.DoesNotContain("unresponsive", terminal.Out.Text);
        time.Advance(TimeSpan.FromSeconds(2));
        await terminal.Out.WaitForAsync("Remote session may be unresponsive");

        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ServerRestart_AttachReconnects_AndResumesAfterTheLastEvent()
    {
        var id = await Api.CreateSessionAsync();
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("before the restart"));
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("before the restart");

        await Server.RestartAsync();
        await terminal.Out.WaitForAsync("Connection lost; reconnecting");
        await terminal.Out.WaitForAsync("Reconnected; resuming after event 1.");
        await WorkerEventLog.AppendAsync(Server, id, WorkerEventLog.Assistant("after the restart"));
        await terminal.Out.WaitForAsync("after the restart");
        Assert.Single(terminal.Out.Text.Split('\n'), l => l.Contains("before the restart"));

        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task UnsupportedControlRequestFromTheAgent_IsAnsweredWithAnError()
    {
        var id = await Api.CreateSessionAsync();
        await using var terminal = new TestTerminal();
        var run = terminal.RunAsync(Args("attach", id));
        await terminal.Out.WaitForAsync("Attached to");

        await WorkerEventLog.AppendAsync(Server, id, """{"type":"control_request","request_id":"req-elicit","request":{"subtype":"elicitation","message":"?"}}""");
        JsonNode? reply = null;
        await Eventually.TrueAsync(async () =>
        {
            reply = (await Api.GetNodeAsync($"/v1/sessions/{id}/events"))["data"]!.AsArray().FirstOrDefault(e => e!["type"]!.GetValue<string>() == "control_response");
            return reply is not null;
        });
        Assert.Equal("error", reply!["response"]!["subtype"]!.GetValue<string>());
        Assert.Equal("req-elicit", reply["response"]!["request_id"]!.GetValue<string>());
        Assert.Equal("Unsupported control request subtype: elicitation", reply["response"]!["error"]!.GetValue<string>());

        await terminal.TypeAsync("/quit");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task UnknownSession_ExitsWithNotFound()
    {
        await using var terminal = new TestTerminal();
        var code = await terminal.RunAsync(Args("attach", "session_doesnotexist"));
        Assert.Equal(1, code);
        Assert.Contains("not found", terminal.Error.Text, StringComparison.OrdinalIgnoreCase);
    }
}
