using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>An answer to <c>can_use_tool</c>, read from the <c>control_response</c>'s inner <c>response</c> object.</summary>
internal sealed record PermissionDecision(bool Allowed, string? UpdatedCommand, string Message, bool Interrupt, JsonArray? UpdatedPermissions)
{
    public static PermissionDecision Deny(string message) => new(false, null, message, false, null);

    /// <summary>Reads <c>{behavior:"allow", updatedInput?, updatedPermissions?}</c> or <c>{behavior:"deny", message, interrupt?}</c>.</summary>
    public static PermissionDecision From(JsonObject? response)
    {
        if ((string?)response?["behavior"] == "allow")
        {
            // An empty updatedInput means "use the original input" (mobile push replies send {}).
            var updated = (string?)response["updatedInput"]?["command"];
            return new PermissionDecision(
                true,
                string.IsNullOrWhiteSpace(updated) ? null : updated,
                "",
                false,
                response["updatedPermissions"] as JsonArray);
        }

        var message = (string?)response?["message"] is { Length: > 0 } given ? given : "Permission to run the command was denied.";
        var interrupt = response?["interrupt"] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
        return new PermissionDecision(false, null, message, interrupt, null);
    }
}
