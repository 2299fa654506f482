using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tether.Server.Events;

namespace Tether.Server.Push;

/// <summary>
/// Turns committed events into push jobs. The event log calls it after each commit on the node that committed, so every
/// (session, seq) is offered exactly once across all nodes. Offering never waits: the queue is bounded, and when it is
/// full the notification is dropped and logged rather than slowing the writer.
/// </summary>
internal sealed partial class PushNotifier
{
    private readonly Channel<PushJob> _queue;
    private readonly bool _enabled;
    private readonly ILogger<PushNotifier> _logger;

    public PushNotifier(ServerOptions options, ILogger<PushNotifier> logger)
    {
        _enabled = IsEnabled(options);
        _logger = logger;
        _queue = Channel.CreateBounded<PushJob>(new BoundedChannelOptions(options.Push.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Web Push needs a public URL: browsers only subscribe on a secure origin, and notifications link back to it.</summary>
    public static bool IsEnabled(ServerOptions options) => !string.IsNullOrEmpty(options.PublicUrl);

    public ChannelReader<PushJob> Jobs => _queue.Reader;

    public void OnCommitted(IReadOnlyList<StoredEvent> events)
    {
        if (!_enabled)
        {
            return;
        }

        foreach (var stored in events)
        {
            if (stored.IsEphemeral || stored.Source != EventSource.Worker || ToJob(stored) is not { } job)
            {
                continue;
            }

            if (!_queue.Writer.TryWrite(job))
            {
                LogQueueFull(_logger, stored.SessionId, stored.Seq);
            }
        }
    }

    private static PushJob? ToJob(StoredEvent stored) => stored.Type switch
    {
        "result" => new PushJob(stored.SessionId, stored.Seq, PushKind.Finished, null),
        "control_request" => ToolPrompt(stored.PayloadJson) is (true, var tool) ? new PushJob(stored.SessionId, stored.Seq, PushKind.NeedsApproval, tool) : null,
        _ => null,
    };

    private static (bool IsToolPrompt, string? ToolName) ToolPrompt(string payloadJson)
    {
        // The validator already checked the shape; only the subtype and tool name matter here.
        using var document = JsonDocument.Parse(payloadJson);
        if (!document.RootElement.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
            || !request.TryGetProperty("subtype", out var subtype) || subtype.ValueKind != JsonValueKind.String
            || subtype.GetString() != "can_use_tool")
        {
            return (false, null);
        }

        return (true, request.TryGetProperty("tool_name", out var tool) && tool.ValueKind == JsonValueKind.String ? tool.GetString() : null);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Push queue is full; dropped the notification for session {SessionId} event {Seq}")]
    private static partial void LogQueueFull(ILogger logger, string sessionId, long seq);
}
