using System.Globalization;
using System.Text;
using System.Text.Json;
using Tether.Cli.Conversation;
using Tether.Protocol.Sessions;

namespace Tether.Cli.Teleport;

/// <summary>
/// Turns a session's stored events into Claude Code's transcript lines (<c>&lt;uuid&gt;.jsonl</c>): the user and assistant
/// messages in order, each linked to the one before by <c>parentUuid</c>, under the new local session id. Everything
/// else (results, control traffic, stream deltas, sidechains, replays of an already written uuid) is left out: claude
/// rebuilds the conversation from the messages alone.
/// </summary>
internal static class TranscriptWriter
{
    public const string ContinuedNote =
        "This session is being continued from another machine. Application state may have changed. The updated working directory is ";

    public static string Build(IEnumerable<TeleportEvent> events, string sessionId, string cwd, string? gitBranch, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? parent = null;
        foreach (var stored in events)
        {
            var payload = stored.Payload;
            var type = JsonFields.Type(payload);
            if (type is not ("user" or "assistant") || JsonFields.Bool(payload, "isSidechain") || JsonFields.Object(payload, "message") is not { } message)
            {
                continue;
            }

            var uuid = JsonFields.String(payload, "uuid") is { } given && Guid.TryParse(given, out _) ? given : Guid.NewGuid().ToString();
            if (!seen.Add(uuid))
            {
                continue;
            }

            text.Append(Line(type, message, uuid, parent, stored.CreatedAt, sessionId, cwd, gitBranch, isMeta: false)).Append('\n');
            parent = uuid;
        }

        var noteMessage = JsonFields.Parse(ClientMessagesUserContent(ContinuedNote + cwd));
        text.Append(Line("user", noteMessage, Guid.NewGuid().ToString(), parent, now, sessionId, cwd, gitBranch, isMeta: true)).Append('\n');
        return text.ToString();
    }

    private static string Line(
        string type, JsonElement message, string uuid, string? parent, DateTimeOffset at, string sessionId, string cwd, string? gitBranch, bool isMeta)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (parent is null)
            {
                w.WriteNull("parentUuid");
            }
            else
            {
                w.WriteString("parentUuid", parent);
            }

            w.WriteBoolean("isSidechain", false);
            w.WriteString("userType", "external");
            w.WriteString("cwd", cwd);
            w.WriteString("sessionId", sessionId);
            w.WriteString("version", "tether");
            if (gitBranch is not null)
            {
                w.WriteString("gitBranch", gitBranch);
            }

            w.WriteString("type", type);
            w.WritePropertyName("message");
            message.WriteTo(w);
            if (isMeta)
            {
                w.WriteBoolean("isMeta", true);
            }

            w.WriteString("uuid", uuid);
            w.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ClientMessagesUserContent(string text)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", text);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
