using System.Text.Json.Nodes;
using Tether.Cli.Conversation;
using Tether.Cli.Teleport;
using Tether.Protocol.Sessions;

namespace Tether.Cli.Tests.Teleport;

public sealed class TeleportUnitTests
{
    [Theory]
    [InlineData("https://github.com/Acme/Widgets", "github.com", "Acme", "Widgets")]
    [InlineData("https://github.com/acme/widgets.git", "github.com", "acme", "widgets")]
    [InlineData("git@github.com:acme/widgets.git", "github.com", "acme", "widgets")]
    [InlineData("ssh://git@github.com:2222/acme/widgets.git", "github.com", "acme", "widgets")]
    [InlineData("/srv/git/acme/widgets.git", null, "acme", "widgets")]
    public void RepositoryName_ParsesEveryRemoteSpelling(string url, string? host, string owner, string name) =>
        Assert.Equal(new RepositoryName(host, owner, name), RepositoryName.Parse(url));

    [Fact]
    public void RepositoryName_ComparesCaseInsensitively_AndHostsOnlyWhenBothHaveOne()
    {
        Assert.True(RepositoryName.Parse("https://GitHub.com/ACME/widgets")!.SameAs(RepositoryName.Parse("git@github.com:acme/Widgets.git")!));
        Assert.True(RepositoryName.Parse("https://github.com/acme/widgets")!.SameAs(RepositoryName.Parse("/tmp/x/acme/widgets.git")!));
        Assert.False(RepositoryName.Parse("https://github.com/acme/widgets")!.SameAs(RepositoryName.Parse("https://gitlab.com/acme/widgets")!));
        Assert.False(RepositoryName.Parse("https://github.com/acme/widgets")!.SameAs(RepositoryName.Parse("https://github.com/acme/gadgets")!));
    }

    [Fact]
    public void Transcript_KeepsMessagesInOrder_ChainsThem_AndEndsWithTheNote()
    {
        var uuid = Guid.NewGuid().ToString();
        TeleportEvent Event(string json) => new()
        {
            EventId = "evt", EventType = "x", Payload = JsonFields.Parse(json), CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z"),
        };
        var events = new[]
        {
            Event($$$"""{"type":"user","uuid":"{{{uuid}}}","message":{"role":"user","content":"hi"}}"""),
            Event($$$"""{"type":"user","uuid":"{{{uuid}}}","isReplay":true,"message":{"role":"user","content":"hi"}}"""),
            Event("""{"type":"assistant","isSidechain":true,"message":{"role":"assistant","content":[]}}"""),
            Event("""{"type":"control_request","request_id":"r","request":{"subtype":"can_use_tool"}}"""),
            Event("""{"type":"assistant","uuid":"not-a-guid","message":{"role":"assistant","content":[{"type":"text","text":"hello"}]}}"""),
            Event("""{"type":"result","subtype":"success"}"""),
        };

        var lines = TranscriptWriter.Build(events, "local-id", "/work/repo", "claude/x", DateTimeOffset.UnixEpoch)
            .TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Equal(3, lines.Count);
        Assert.Equal(uuid, lines[0]["uuid"]!.GetValue<string>());
        Assert.Null(lines[0]["parentUuid"]);
        Assert.Equal("2026-01-02T03:04:05.000Z", lines[0]["timestamp"]!.GetValue<string>());
        Assert.True(Guid.TryParse(lines[1]["uuid"]!.GetValue<string>(), out _));
        Assert.Equal(uuid, lines[1]["parentUuid"]!.GetValue<string>());
        Assert.All(lines, l => Assert.Equal("local-id", l["sessionId"]!.GetValue<string>()));
        Assert.True(lines[2]["isMeta"]!.GetValue<bool>());
        Assert.StartsWith("This session is being continued from another machine", lines[2]["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void ProjectDirectory_ReplacesEveryNonAlphanumeric_UnderTheConfigDir()
    {
        var environment = new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = "/home/u/.claude" };
        Assert.Equal("/home/u/.claude/projects/-work-my-repo-v2", ClaudeProjects.ProjectDirectory(n => environment.GetValueOrDefault(n), "/work/my_repo.v2"));
    }
}
