using System.Text;
using System.Text.Json;
using Tether.Cli.Conversation;
using Tether.Protocol.Sessions;

namespace Tether.Cli.Remote;

/// <summary>
/// The <c>POST /v1/sessions</c> body of <c>tether remote</c> (remote-protocol §12): the permission mode travels as a
/// first <c>set_permission_mode</c> control request (a top-level mode would be dropped), then the prompt as a user message.
/// </summary>
internal static class RemoteSessionRequest
{
    public const int TitleMax = 80;

    public static CreateSessionRequest Build(string prompt, string environmentId, string? model, string? permissionMode, (string Url, string? Branch)? repository = null)
    {
        var events = new List<JsonElement>();
        if (!string.IsNullOrEmpty(permissionMode))
        {
            events.Add(Wrap(ClientMessages.ControlRequest($"set-mode-{Guid.NewGuid()}", "set_permission_mode", permissionMode, Guid.NewGuid().ToString())));
        }

        events.Add(Wrap(ClientMessages.User(prompt, Guid.NewGuid().ToString(), "")));
        return new CreateSessionRequest
        {
            Title = Title(prompt),
            Events = events,
            SessionContext = Context(model, repository),
            EnvironmentId = environmentId,
            Source = "remote",
        };
    }

    /// <summary>The first line, whitespace collapsed, at most 80 columns.</summary>
    public static string Title(string prompt)
    {
        var line = string.Join(' ', prompt.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= TitleMax ? line : string.Concat(line.AsSpan(0, TitleMax - 1), "…");
    }

    private static JsonElement Wrap(string message) => JsonFields.Parse($"{{\"type\":\"event\",\"data\":{message}}}");

    private static JsonElement Context(string? model, (string Url, string? Branch)? repository)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("sources");
            if (repository is { } repo)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "git_repository");
                writer.WriteString("url", repo.Url);
                if (repo.Branch is not null)
                {
                    writer.WriteString("revision", repo.Branch);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("outcomes");
            writer.WriteEndArray();
            if (model is not null)
            {
                writer.WriteString("model", model);
            }

            writer.WriteEndObject();
        }

        return JsonFields.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
