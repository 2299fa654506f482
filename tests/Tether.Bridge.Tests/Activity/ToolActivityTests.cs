using System.Text;
using System.Text.Json;
using Tether.Bridge.Activity;

namespace Tether.Bridge.Tests.Activity;

public sealed class ToolActivityTests
{
    private static readonly DateTimeOffset s_at = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<SessionActivity> Extract(string line) => ToolActivity.Extract(Encoding.UTF8.GetBytes(line), s_at);

    [Theory]
    [InlineData("Read", "Reading")]
    [InlineData("Write", "Writing")]
    [InlineData("Edit", "Editing")]
    [InlineData("MultiEdit", "Editing")]
    [InlineData("Bash", "Running")]
    [InlineData("Glob", "Searching")]
    [InlineData("Grep", "Searching")]
    [InlineData("WebFetch", "Fetching")]
    [InlineData("WebSearch", "Searching")]
    [InlineData("Task", "Running task")]
    [InlineData("FileReadTool", "Reading")]
    [InlineData("FileWriteTool", "Writing")]
    [InlineData("FileEditTool", "Editing")]
    [InlineData("GlobTool", "Searching")]
    [InlineData("GrepTool", "Searching")]
    [InlineData("BashTool", "Running")]
    [InlineData("NotebookEditTool", "Editing notebook")]
    [InlineData("LSP", "LSP")]
    [InlineData("mcp__github__create_issue", "mcp__github__create_issue")]
    public void Maps_tool_verbs(string tool, string verb) => Assert.Equal(verb, ToolActivity.Verb(tool));

    [Theory]
    [InlineData("Read", "{\"file_path\":\"src/a.cs\",\"pattern\":\"x\"}", "Reading src/a.cs")]
    [InlineData("Read", "{\"filePath\":\"b.cs\"}", "Reading b.cs")]
    [InlineData("Grep", "{\"pattern\":\"TODO\",\"path\":\"src\"}", "Searching TODO")]
    [InlineData("Bash", "{\"command\":\"ls -la\"}", "Running ls -la")]
    [InlineData("WebFetch", "{\"url\":\"https://x.test\"}", "Fetching https://x.test")]
    [InlineData("WebSearch", "{\"query\":\"dotnet 10\"}", "Searching dotnet 10")]
    [InlineData("Task", "{\"description\":\"d\"}", "Running task")]
    [InlineData("Read", "{\"file_path\":42,\"url\":\"u\"}", "Reading u")]
    [InlineData("Read", "[]", "Reading")]
    public void Summarizes_with_the_first_detail_field(string tool, string input, string expected)
    {
        using var document = JsonDocument.Parse(input);

        Assert.Equal(expected, ToolActivity.Summarize(tool, document.RootElement));
    }

    [Fact]
    public void Cuts_commands_at_sixty_characters()
    {
        var command = new string('c', 100);
        using var document = JsonDocument.Parse($"{{\"command\":\"{command}\"}}");

        Assert.Equal("Running " + new string('c', 60), ToolActivity.Summarize("Bash", document.RootElement));
    }

    [Fact]
    public void Extracts_tool_starts_and_text_from_an_assistant_line_in_order()
    {
        var text = "First line\n\nsecond   line " + new string('t', 100);
        var line = JsonSerializer.Serialize(new
        {
            type = "assistant",
            message = new
            {
                content = new object[]
                {
                    new { type = "text", text },
                    new { type = "tool_use", id = "t1", name = "Bash", input = new { command = "ls -la" } },
                    new { type = "tool_use", id = "t2", name = "Edit", input = new { file_path = "a.txt" } },
                    new { type = "thinking", thinking = "hmm" },
                    new { type = "text", text = "   " },
                },
            },
        });

        var activities = Extract(line);

        Assert.Equal([ActivityKind.Text, ActivityKind.ToolStart, ActivityKind.ToolStart], activities.Select(a => a.Kind));
        Assert.Equal(("First line second line " + new string('t', 100))[..80], activities[0].Summary);
        Assert.Equal("Running ls -la", activities[1].Summary);
        Assert.Equal("Editing a.txt", activities[2].Summary);
        Assert.All(activities, a => Assert.Equal(s_at, a.At));
    }

    [Theory]
    [InlineData("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"done\"}", ActivityKind.Result, "Session completed")]
    [InlineData("{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"errors\":[\"API down\",\"x\"]}", ActivityKind.Error, "API down")]
    [InlineData("{\"type\":\"result\",\"subtype\":\"error_max_turns\"}", ActivityKind.Error, "error_max_turns")]
    internal void Maps_results(string line, ActivityKind kind, string summary)
    {
        var activity = Assert.Single(Extract(line));

        Assert.Equal(kind, activity.Kind);
        Assert.Equal(summary, activity.Summary);
    }

    [Theory]
    [InlineData("{\"type\":\"user\",\"message\":{\"content\":\"hi\"}}")]
    [InlineData("{\"type\":\"assistant\"}")]
    [InlineData("{\"type\":\"assistant\",\"message\":{\"content\":\"plain\"}}")]
    [InlineData("{\"type\":\"system\",\"subtype\":\"init\"}")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":5}")]
    public void Ignores_other_lines(string line) => Assert.Empty(Extract(line));

    [Fact]
    public void The_ring_keeps_the_last_ten()
    {
        var ring = new ActivityRing();
        Assert.Null(ring.Latest);

        for (var i = 0; i < 15; i++)
        {
            ring.Add(new SessionActivity(ActivityKind.Text, $"a{i}", s_at));
        }

        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"a{i}"), ring.Snapshot().Select(a => a.Summary));
        Assert.Equal("a14", ring.Latest!.Summary);
    }
}
