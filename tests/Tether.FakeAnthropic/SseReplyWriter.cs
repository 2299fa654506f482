using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tether.FakeAnthropic;

/// <summary>
/// Streams a scripted reply as Anthropic's server-sent events: <c>message_start</c>, per block
/// <c>content_block_start</c> / <c>content_block_delta</c>… / <c>content_block_stop</c>, then <c>message_delta</c>
/// with the stop reason and usage, then <c>message_stop</c>. Text and tool input are split into several deltas, as
/// the real API does, so clients that only handle a single delta would fail here too.
/// </summary>
internal static class SseReplyWriter
{
    private const int ChunkLength = 16;

    public static async Task WriteAsync(HttpResponse response, MessagesRequest request, ScriptedReply reply, int inputTokens, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var outputTokens = AnthropicMessage.EstimateTokens(reply.Text + reply.ToolInput?.ToJsonString());

        var start = AnthropicMessage.Message(AnthropicMessage.NewMessageId(), request.Model, [], null, AnthropicMessage.Usage(inputTokens, 1));
        await SendAsync(response, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }, cancellationToken);
        await SendAsync(response, "ping", new JsonObject { ["type"] = "ping" }, cancellationToken);

        var index = 0;
        if (reply.Text.Length > 0)
        {
            var block = new JsonObject { ["type"] = "text", ["text"] = "" };
            await SendBlockAsync(response, index++, block, "text_delta", "text", reply.Text, cancellationToken);
        }

        if (reply.ToolName is { } tool)
        {
            var block = AnthropicMessage.ToolUseBlock(tool, AnthropicMessage.NewToolUseId(), new JsonObject());
            var json = reply.ToolInput?.ToJsonString() ?? "{}";
            await SendBlockAsync(response, index, block, "input_json_delta", "partial_json", json, cancellationToken);
        }

        var delta = new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = AnthropicMessage.StopReason(reply), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
        };
        await SendAsync(response, "message_delta", delta, cancellationToken);
        await SendAsync(response, "message_stop", new JsonObject { ["type"] = "message_stop" }, cancellationToken);
    }

    private static async Task SendBlockAsync(
        HttpResponse response, int index, JsonObject block, string deltaType, string deltaField, string value, CancellationToken cancellationToken)
    {
        var start = new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block };
        await SendAsync(response, "content_block_start", start, cancellationToken);
        for (var offset = 0; offset < value.Length; offset += ChunkLength)
        {
            var chunk = value.Substring(offset, Math.Min(ChunkLength, value.Length - offset));
            var delta = new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = index,
                ["delta"] = new JsonObject { ["type"] = deltaType, [deltaField] = chunk },
            };
            await SendAsync(response, "content_block_delta", delta, cancellationToken);
        }

        await SendAsync(response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }, cancellationToken);
    }

    private static async Task SendAsync(HttpResponse response, string eventName, JsonObject data, CancellationToken cancellationToken)
    {
        var frame = $"event: {eventName}\ndata: {data.ToJsonString()}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
