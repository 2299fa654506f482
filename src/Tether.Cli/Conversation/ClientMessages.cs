using System.Text;
using System.Text.Json;

namespace Tether.Cli.Conversation;

/// <summary>The messages a terminal client sends, shaped as the reference clients send them (remote-protocol §9.4, §10, §11).</summary>
internal static class ClientMessages
{
    /// <summary>A prompt: <c>{uuid, session_id, type:"user", parent_tool_use_id:null, message:{role:"user", content}}</c>.</summary>
    public static string User(string text, string uuid, string sessionId) => Write(w =>
    {
        w.WriteString("type", "user");
        w.WriteString("uuid", uuid);
        w.WriteString("session_id", sessionId);
        w.WriteNull("parent_tool_use_id");
        w.WriteStartObject("message");
        w.WriteString("role", "user");
        w.WriteString("content", text);
        w.WriteEndObject();
    });

    /// <summary>A control request with a fresh request id (<c>interrupt</c>, or <c>set_permission_mode</c> with its mode).</summary>
    public static string ControlRequest(string requestId, string subtype, string? mode = null, string? uuid = null) => Write(w =>
    {
        w.WriteString("type", "control_request");
        w.WriteString("request_id", requestId);
        if (uuid is not null)
        {
            w.WriteString("uuid", uuid);
        }

        w.WriteStartObject("request");
        w.WriteString("subtype", subtype);
        if (mode is not null)
        {
            w.WriteString("mode", mode);
        }

        w.WriteEndObject();
    });

    /// <summary>The answer to a <c>can_use_tool</c> prompt.</summary>
    public static string PermissionResponse(string requestId, PermissionChoice choice, JsonElement request, string? uuid) => Write(w =>
    {
        w.WriteString("type", "control_response");
        if (uuid is not null)
        {
            w.WriteString("uuid", uuid);
        }

        w.WriteStartObject("response");
        w.WriteString("subtype", "success");
        w.WriteString("request_id", requestId);
        w.WriteStartObject("response");
        if (choice == PermissionChoice.Deny)
        {
            w.WriteString("behavior", "deny");
            w.WriteString("message", "The user denied this tool use.");
            w.WriteString("decisionClassification", "user_reject");
        }
        else
        {
            w.WriteString("behavior", "allow");
            w.WritePropertyName("updatedInput");
            if (JsonFields.Object(request, "input") is { } input)
            {
                input.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }

            if (choice == PermissionChoice.Always && JsonFields.Array(request, "permission_suggestions") is { } suggestions)
            {
                w.WritePropertyName("updatedPermissions");
                suggestions.WriteTo(w);
            }

            w.WriteString("decisionClassification", choice == PermissionChoice.Always ? "user_permanent" : "user_temporary");
        }

        if (JsonFields.String(request, "tool_use_id") is { } toolUseId)
        {
            w.WriteString("toolUseID", toolUseId);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>An error answer to a control request this client does not handle.</summary>
    public static string ControlError(string requestId, string error, string? sessionId = null) => Write(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "error");
        w.WriteString("request_id", requestId);
        w.WriteString("error", error);
        w.WriteEndObject();
        if (sessionId is not null)
        {
            w.WriteString("session_id", sessionId);
        }
    });

    /// <summary>A success answer (no payload) to a control request.</summary>
    public static string ControlSuccess(string requestId, string? sessionId = null) => Write(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "success");
        w.WriteString("request_id", requestId);
        w.WriteEndObject();
        if (sessionId is not null)
        {
            w.WriteString("session_id", sessionId);
        }
    });

    /// <summary>Dismisses a prompt everywhere else once it was answered here.</summary>
    public static string ControlCancel(string requestId, string? uuid = null) => Write(w =>
    {
        w.WriteString("type", "control_cancel_request");
        w.WriteString("request_id", requestId);
        if (uuid is not null)
        {
            w.WriteString("uuid", uuid);
        }
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
