using Tether.Cli.Conversation;
using Tether.Cli.Terminal;

namespace Tether.Cli.Tests.Conversation;

public sealed class TranscriptRendererTests
{
    private static (TranscriptRenderer Renderer, StringWriter Output) Create(bool colours = false, int maxResultLines = 8)
    {
        var output = new StringWriter();
        return (new TranscriptRenderer(output, new Ansi(colours), maxResultLines), output);
    }

    private static void Render(TranscriptRenderer renderer, string json) => renderer.Render(JsonFields.Parse(json));

    [Fact]
    public void StreamedDeltas_AreWrittenAsTheyArrive_AndTheFinalMessageIsNotRepeated()
    {
        var (renderer, output) = Create();
        Render(renderer, """{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_1"}}}""");
        Render(renderer, """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}}""");
        Assert.Equal("Hel", output.ToString());
        Render(renderer, """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}}""");
        Render(renderer, """{"type":"assistant","message":{"id":"msg_1","role":"assistant","content":[{"type":"text","text":"Hello"}]}}""");
        Render(renderer, """{"type":"assistant","message":{"id":"msg_2","role":"assistant","content":[{"type":"text","text":"Second"}]}}""");

        Assert.Equal($"Hello{Environment.NewLine}Second{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public void ToolCall_ShowsItsInput_AndLongResultsAreTruncated()
    {
        var (renderer, output) = Create(maxResultLines: 3);
        Render(renderer, """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls -la"}}]}}""");
        Render(renderer, """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t2","name":"Edit","input":{"file_path":"a.cs","old_string":"x"}}]}}""");
        Render(renderer, """{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"1\n2\n3\n4\n5"}]}}""");

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("● Bash(ls -la)", lines[0]);
        Assert.Equal("● Edit(a.cs)", lines[1]);
        Assert.Equal("  ⎿ 1", lines[2]);
        Assert.Equal("    3", lines[4]);
        Assert.Equal("    … (+2 lines)", lines[5]);
    }

    [Fact]
    public void Results_SayDoneOrWhatFailed()
    {
        var (renderer, output) = Create();
        Render(renderer, """{"type":"result","subtype":"success","is_error":false,"num_turns":2,"duration_ms":1500,"total_cost_usd":0.0123}""");
        Render(renderer, """{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["aborted"]}""");

        Assert.Contains("✓ Done (2 turns, 1.5 s, $0.0123)", output.ToString());
        Assert.Contains("✗ error_during_execution: aborted", output.ToString());
    }

    [Fact]
    public void Colours_OnlyWhenEnabled_MarkdownStyledOnlyThen()
    {
        var (plain, plainOutput) = Create(colours: false);
        var (styled, styledOutput) = Create(colours: true);
        const string Message = """{"type":"assistant","message":{"content":[{"type":"text","text":"# Title\n- item with `code`"}]}}""";
        Render(plain, Message);
        Render(styled, Message);

        Assert.DoesNotContain('\u001b', plainOutput.ToString());
        Assert.Contains("# Title", plainOutput.ToString());
        Assert.Contains("\u001b[1mTitle\u001b[0m", styledOutput.ToString());
        Assert.Contains("• item with \u001b[36mcode\u001b[0m", styledOutput.ToString());
    }

    [Fact]
    public void PermissionPrompt_ShowsToolInputAndHowToAnswer()
    {
        var (renderer, output) = Create();
        renderer.PermissionPrompt(JsonFields.Parse("""{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"rm -rf build"},"description":"Clean the build"}"""), canAnswer: true);

        Assert.Contains("? Permission: Bash(rm -rf build)", output.ToString());
        Assert.Contains("Clean the build", output.ToString());
        Assert.Contains("Allow Bash? [y]es / [n]o / [a]lways", output.ToString());
    }
}
