using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.Bridge.Sessions;

/// <summary>The messages the bridge itself writes, to the server or to the agent's stdin.</summary>
internal static class ControlMessages
{
    public const string SessionTokenVariable = "CLAUDE_CODE_SESSION_ACCESS_TOKEN";

    public static string KeepAlive { get; } = """{"type":"keep_alive"}""";

    /// <summary>A control request answered with an error (reference §9.3).</summary>
    public static string Error(string sessionId, string requestId, string error) => new JsonObject
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject { ["subtype"] = "error", ["request_id"] = requestId, ["error"] = error },
        ["session_id"] = sessionId,
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();

    /// <summary>A control request answered with success and no payload.</summary>
    public static string Success(string sessionId, string requestId) => new JsonObject
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject { ["subtype"] = "success", ["request_id"] = requestId },
        ["session_id"] = sessionId,
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();

    /// <summary>Stdin message that replaces the agent's session token (reference §7.4).</summary>
    public static string UpdateToken(string token) => new JsonObject
    {
        ["type"] = "update_environment_variables",
        ["variables"] = new JsonObject { [SessionTokenVariable] = token },
    }.ToJsonString();

    /// <summary>An event that reports a problem with the agent's output instead of crashing the relay.</summary>
    public static string BridgeError(string sessionId, string message) => new JsonObject
    {
        ["type"] = "system",
        ["subtype"] = "bridge_error",
        ["message"] = message,
        ["session_id"] = sessionId,
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();

    /// <summary>
    /// The agent's line as it goes to the server: unchanged when it has a uuid, otherwise with one added, so the server
    /// can recognise a retried upload (it stores each uuid once).
    /// </summary>
    public static string WithUuid(string line)
    {
        if (HasUuid(line))
        {
            return line;
        }

        var node = JsonNode.Parse(line)!.AsObject();
        node["uuid"] = Guid.NewGuid().ToString();
        return node.ToJsonString();
    }

    private static bool HasUuid(string line)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return true;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUuid = reader.ValueTextEquals("uuid"u8);
            reader.Read();
            if (isUuid)
            {
                return reader.TokenType == JsonTokenType.String;
            }

            reader.Skip();
        }

        return false;
    }
}
