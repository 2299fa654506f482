using System.Text.Json;

namespace Tether.Protocol.Environments;

/// <summary>The structural checks a work secret must pass before it is bound to <see cref="WorkSecret"/>.</summary>
internal static class WorkSecretValidator
{
    public static bool TryValidate(JsonElement root, out string error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "work secret is not a JSON object";
            return false;
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number) || number != WorkSecret.CurrentVersion)
        {
            error = "work secret has an unsupported version (expected 1)";
            return false;
        }

        if (!root.TryGetProperty("session_ingress_token", out var token) || token.ValueKind != JsonValueKind.String
            || token.GetString() is not { Length: > 0 })
        {
            error = "work secret has no session_ingress_token";
            return false;
        }

        if (!root.TryGetProperty("api_base_url", out var baseUrl) || baseUrl.ValueKind != JsonValueKind.String)
        {
            error = "work secret has no api_base_url";
            return false;
        }

        if (!IsNullableStringMap(root, "claude_code_args") || !IsNullableStringMap(root, "environment_variables"))
        {
            error = "work secret has a map whose values are not all strings";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool IsNullableStringMap(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }
}
