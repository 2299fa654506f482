using System.Buffers.Text;
using System.Text.Json;
using Tether.Server.Environments.Wire;

namespace Tether.Server.Environments;

/// <summary>
/// Builds the work secret of a claim (remote-protocol §3.2): the ingress token and its expiry, the server URL and the session's start-up
/// settings (model and permission mode become <c>claude_code_args</c>), as base64url of UTF-8 JSON.
/// </summary>
internal static class WorkSecretCodec
{
    private static readonly JsonElement s_emptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    public static string Encode(ClaimedWork claimed, string apiBaseUrl)
    {
        var sources = s_emptyArray;
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        if (claimed.SessionContextJson is { } contextJson)
        {
            using var context = JsonDocument.Parse(contextJson);
            var root = context.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("sources", out var given) && given.ValueKind == JsonValueKind.Array)
                {
                    sources = given.Clone();
                }

                if (root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String && model.GetString() is { Length: > 0 } name)
                {
                    args["--model"] = name;
                }

                if (root.TryGetProperty("permission_mode", out var mode) && mode.ValueKind == JsonValueKind.String && mode.GetString() is { Length: > 0 } m)
                {
                    args["--permission-mode"] = m;
                }
            }
        }

        // The session's own permission_mode (a top-level field of the create call) wins over one inside session_context.
        if (claimed.PermissionMode is { Length: > 0 } permissionMode)
        {
            args["--permission-mode"] = permissionMode;
        }

        var secret = new WorkSecret
        {
            SessionIngressToken = claimed.IngressToken,
            SessionIngressTokenExpiresAt = claimed.IngressTokenExpiresAt,
            ApiBaseUrl = apiBaseUrl,
            Sources = sources,
            ClaudeCodeArgs = args,
            EnvironmentVariables = new Dictionary<string, string>(StringComparer.Ordinal),
            UseCodeSessions = claimed.UseCodeSessions,
        };
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(secret, EnvironmentsJsonContext.Default.WorkSecret));
    }
}
