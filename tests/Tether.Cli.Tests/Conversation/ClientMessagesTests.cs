using System.Text.Json.Nodes;
using Tether.Cli.Conversation;
using Tether.Cli.Repl;

namespace Tether.Cli.Tests.Conversation;

public sealed class ClientMessagesTests
{
    private static readonly System.Text.Json.JsonElement s_request = JsonFields.Parse(
        """{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"touch x"},"tool_use_id":"toolu_9","permission_suggestions":[{"type":"setMode","mode":"acceptEdits","destination":"session"}]}""");

    [Fact]
    public void Always_SendsTheSuggestionsAsUpdatedPermissions()
    {
        var answer = JsonNode.Parse(ClientMessages.PermissionResponse("r1", PermissionChoice.Always, s_request, "u1"))!;
        var inner = answer["response"]!["response"]!;
        Assert.Equal("allow", inner["behavior"]!.GetValue<string>());
        Assert.Equal("touch x", inner["updatedInput"]!["command"]!.GetValue<string>());
        Assert.Equal("setMode", inner["updatedPermissions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("toolu_9", inner["toolUseID"]!.GetValue<string>());
        Assert.Equal("r1", answer["response"]!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public void AllowAndDeny_HaveTheReferenceShapes()
    {
        var allow = JsonNode.Parse(ClientMessages.PermissionResponse("r1", PermissionChoice.Allow, s_request, null))!["response"]!["response"]!;
        var deny = JsonNode.Parse(ClientMessages.PermissionResponse("r1", PermissionChoice.Deny, s_request, null))!["response"]!["response"]!;
        Assert.Null(allow["updatedPermissions"]);
        Assert.Equal("deny", deny["behavior"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(deny["message"]!.GetValue<string>()));
    }

    [Fact]
    public void UserMessage_IsTheSessionsApiShape()
    {
        var user = JsonNode.Parse(ClientMessages.User("hi", "u-1", "session_x"))!;
        Assert.Equal("user", user["type"]!.GetValue<string>());
        Assert.Equal("u-1", user["uuid"]!.GetValue<string>());
        Assert.Equal("session_x", user["session_id"]!.GetValue<string>());
        Assert.Null(user["parent_tool_use_id"]);
        Assert.True(user.AsObject().ContainsKey("parent_tool_use_id"));
        Assert.Equal("hi", user["message"]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"assistant","message":{}}""", true)]
    [InlineData("""{"type":"user","isReplay":true,"message":{}}""", false)]
    [InlineData("""{"type":"control_request","request_id":"r","request":{"subtype":"can_use_tool"}}""", true)]
    [InlineData("""{"type":"control_request","request_id":"r","request":{"subtype":"initialize"}}""", false)]
    [InlineData("""{"type":"keep_alive"}""", false)]
    [InlineData("""{"type":"system","subtype":"init"}""", true)]
    public void MirrorRules_UploadTheTranscriptOnly(string json, bool mirrored) =>
        Assert.Equal(mirrored, MirrorRules.IsMirrored(JsonFields.Parse(json)));

    [Fact]
    public void MirrorRules_StampAddsUuidAndSessionId()
    {
        var stamped = JsonNode.Parse(MirrorRules.Stamp(JsonFields.Parse("""{"type":"assistant","message":{}}"""), "cse_1").GetRawText())!;
        Assert.True(Guid.TryParse(stamped["uuid"]!.GetValue<string>(), out _));
        Assert.Equal("cse_1", stamped["session_id"]!.GetValue<string>());
    }
}
