using System.Text.Json.Nodes;
using Tether.Testing;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>Registers environments the way a bridge does.</summary>
internal static class Environments
{
    public static async Task<string> RegisterAsync(HttpClient api, string name, string directory = "/home/dev/repo")
    {
        var node = await api.PostJsonAsync("/v1/environments/bridge", new JsonObject
        {
            ["machine_name"] = name,
            ["directory"] = directory,
            ["branch"] = "main",
            ["git_repo_url"] = "https://example.com/acme/repo",
            ["max_sessions"] = 4,
            ["metadata"] = new JsonObject { ["worker_type"] = "claude_code" },
        }.ToJsonString());
        return node["environment_id"]!.GetValue<string>();
    }
}
