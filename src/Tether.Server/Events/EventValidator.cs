using System.Text;
using System.Text.Json;

namespace Tether.Server.Events;

/// <summary>
/// Checks events before they reach the log: an object with a string <c>type</c>, a string <c>uuid</c> if any, a size limit,
/// and for clients only the message kinds a person may send. Errors are values: the first problem found, with its index.
/// </summary>
internal sealed class EventValidator(ServerOptions options)
{
    private static readonly HashSet<string> s_clientTypes = ["user", "control_request", "control_response", "control_cancel_request", "keep_alive"];

    private static readonly HashSet<string> s_clientControlSubtypes =
        ["interrupt", "set_permission_mode", "set_model", "set_max_thinking_tokens", "stop_task", "rename_session"];

    public ValidationResult Validate(IReadOnlyList<JsonElement>? events, EventSource source)
    {
        if (events is null)
        {
            return ValidationResult.Invalid(400, "Body must be {\"events\":[…]} with at least one event.");
        }

        if (events.Count > options.MaxEventsPerRequest)
        {
            return ValidationResult.Invalid(413, $"Too many events in one request: {events.Count} (at most {options.MaxEventsPerRequest}).");
        }

        var accepted = new List<IncomingEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            if (ValidateOne(events[i], source, i, out var error) is { } incoming)
            {
                if (incoming.Type != "keep_alive")
                {
                    accepted.Add(incoming);
                }
            }
            else
            {
                return error!;
            }
        }

        return ValidationResult.Valid(accepted);
    }

    private IncomingEvent? ValidateOne(JsonElement element, EventSource source, int index, out ValidationResult? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = ValidationResult.Invalid(400, $"events[{index}] must be a JSON object.");
            return null;
        }

        string json;
        try
        {
            json = element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            // The reader accepts some invalid UTF-8 inside strings; it fails only when the text is decoded.
            error = ValidationResult.Invalid(400, $"events[{index}] is not valid UTF-8.");
            return null;
        }

        if (Encoding.UTF8.GetByteCount(json) > options.MaxEventBytes)
        {
            error = ValidationResult.Invalid(413, $"events[{index}] is larger than {options.MaxEventBytes} bytes.");
            return null;
        }

        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
            || typeElement.GetString() is not { Length: > 0 } type)
        {
            error = ValidationResult.Invalid(400, $"events[{index}].type must be a non-empty string.");
            return null;
        }

        if (!IsKnownType(type, source))
        {
            error = ValidationResult.Invalid(400, $"events[{index}].type '{Truncate(type)}' is not an event a {(source == EventSource.Client ? "client" : "worker")} may send.");
            return null;
        }

        string? uuid = null;
        if (element.TryGetProperty("uuid", out var uuidElement) && uuidElement.ValueKind != JsonValueKind.Null)
        {
            if (uuidElement.ValueKind != JsonValueKind.String || uuidElement.GetString() is not { Length: > 0 and <= 128 } u)
            {
                error = ValidationResult.Invalid(400, $"events[{index}].uuid must be a string of 1 to 128 characters.");
                return null;
            }

            uuid = u;
        }

        var control = ControlFields.Read(element, type);
        if (control.Error is { } controlError)
        {
            error = ValidationResult.Invalid(400, $"events[{index}]: {controlError}");
            return null;
        }

        if (source == EventSource.Client && type == "control_request" && !s_clientControlSubtypes.Contains(control.Subtype ?? ""))
        {
            error = ValidationResult.Invalid(400, $"events[{index}]: control_request subtype '{Truncate(control.Subtype ?? "")}' is not supported from clients.");
            return null;
        }

        if (source == EventSource.Client && type == "user" && !element.TryGetProperty("message", out _))
        {
            error = ValidationResult.Invalid(400, $"events[{index}]: a user event needs a message.");
            return null;
        }

        return new IncomingEvent(element, json, type, control.Subtype, uuid, control.RequestId, Ephemeral: type == "stream_event")
        {
            Behavior = control.Behavior,
            ToolName = control.ToolName,
        };
    }

    private static bool IsKnownType(string type, EventSource source)
    {
        if (source == EventSource.Client)
        {
            return s_clientTypes.Contains(type);
        }

        // Agents add message types over time; accept any well-formed name rather than lose transcript lines.
        if (type.Length > 64 || !char.IsAsciiLetterLower(type[0]))
        {
            return false;
        }

        foreach (var c in type)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
