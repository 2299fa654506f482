using Tether.Bridge.Agents;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Tests.Agents;

public sealed class AgentCommandLineTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("tether-bin-").FullName;

    public AgentCommandLineTests()
    {
        var claude = Path.Combine(_bin, "claude");
        File.WriteAllText(claude, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(claude, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private AgentHost Host(string? processPath = "/usr/local/bin/tether", string? entry = null) =>
        new(processPath, entry, $"/nonexistent{Path.PathSeparator}{_bin}");

    private static WorkSecret Secret(Dictionary<string, string>? args = null, Dictionary<string, string>? env = null) => new()
    {
        SessionIngressToken = "t",
        ApiBaseUrl = "http://localhost",
        ClaudeCodeArgs = args,
        EnvironmentVariables = env,
    };

    [Fact]
    public void Claude_gets_the_stream_json_flags_and_the_optional_ones()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo", Model: "opus", PermissionMode: "acceptEdits", ResumeSessionId: "abc"), Host());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Path.Combine(_bin, "claude"), result.StartInfo.FileName);
        Assert.Equal(
            ["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", "--replay-user-messages",
             "--model", "opus", "--permission-mode", "acceptEdits", "--resume", "abc"],
            result.StartInfo.Arguments);
        Assert.Equal("/repo", result.StartInfo.WorkingDirectory);
    }

    [Fact]
    public void Optional_flags_are_left_out_when_not_given()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo"), Host());

        Assert.Equal(AgentCommandLine.StreamJsonArguments, result.StartInfo!.Arguments);
    }

    [Fact]
    public void Secret_flags_are_allow_listed_and_values_stay_separate()
    {
        var args = new Dictionary<string, string>
        {
            ["--max-turns"] = "5",
            ["--append-system-prompt"] = "be brief; rm -rf / $(x)",
            ["--strict-mcp-config"] = "",
            ["--dangerously-skip-permissions"] = "",
            ["--model"] = "haiku",
            ["--max-turns 9 --evil"] = "x",
            ["-p"] = "x",
        };

        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo", Model: "opus", Secret: Secret(args)), Host());

        Assert.Equal(
            [.. AgentCommandLine.StreamJsonArguments, "--model", "opus",
             "--append-system-prompt", "be brief; rm -rf / $(x)", "--max-turns", "5", "--strict-mcp-config"],
            result.StartInfo!.Arguments);
        Assert.Equal(4, result.Warnings.Count);
        Assert.Contains(result.Warnings, w => w.Contains("--dangerously-skip-permissions"));
        Assert.Contains(result.Warnings, w => w.Contains("--model") && w.Contains("already set"));
    }

    [Fact]
    public void Environment_removes_the_oauth_token_marks_bridge_and_adds_secret_variables()
    {
        var env = new Dictionary<string, string>
        {
            ["FOO"] = "bar",
            ["LD_PRELOAD"] = "/evil.so",
            ["CLAUDE_CODE_ENVIRONMENT_KIND"] = "other",
            ["BAD NAME"] = "x",
            ["HTTPS_PROXY"] = "http://proxy:3128",
        };

        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo", Secret: Secret(env: env)), Host());
        var environment = result.StartInfo!.Environment;

        Assert.True(environment.ContainsKey("CLAUDE_CODE_OAUTH_TOKEN"));
        Assert.Null(environment["CLAUDE_CODE_OAUTH_TOKEN"]);
        Assert.Equal("bridge", environment["CLAUDE_CODE_ENVIRONMENT_KIND"]);
        Assert.Equal("bar", environment["FOO"]);
        Assert.Equal("http://proxy:3128", environment["HTTPS_PROXY"]);
        Assert.False(environment.ContainsKey("LD_PRELOAD"));
        Assert.False(environment.ContainsKey("BAD NAME"));
        Assert.Equal(3, result.Warnings.Count);
    }

    [Fact]
    public void Proxy_variables_are_never_removed()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo"), Host());

        Assert.All(AgentCommandLine.PassThroughVariables, name => Assert.False(result.StartInfo!.Environment.ContainsKey(name)));
        Assert.Equal(["CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_ENVIRONMENT_KIND"], result.StartInfo!.Environment.Keys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Missing_claude_is_a_clear_error()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Claude, "/repo"), new AgentHost("/x/tether", null, "/nonexistent"));

        Assert.False(result.Succeeded);
        Assert.Contains("claude was not found on PATH", result.Error);
    }

    [Fact]
    public void An_explicit_claude_path_is_used()
    {
        var path = Path.Combine(_bin, "claude");
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Parse(path), "/repo"), new AgentHost(null, null, null));

        Assert.Equal(path, result.StartInfo!.FileName);
        Assert.False(AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Parse("/nope/claude"), "/repo"), Host()).Succeeded);
    }

    [Fact]
    public void Builtin_runs_this_executable_with_agent()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Builtin, "/repo", Model: "m"), Host());

        Assert.Equal("/usr/local/bin/tether", result.StartInfo!.FileName);
        Assert.Equal(["agent", .. AgentCommandLine.StreamJsonArguments, "--model", "m"], result.StartInfo.Arguments);
    }

    [Fact]
    public void Builtin_under_dotnet_passes_the_entry_assembly()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Builtin, "/repo"), Host("/usr/share/dotnet/dotnet", "/app/tether.dll"));

        Assert.Equal("/usr/share/dotnet/dotnet", result.StartInfo!.FileName);
        Assert.Equal(["/app/tether.dll", "agent", .. AgentCommandLine.StreamJsonArguments], result.StartInfo.Arguments);
        Assert.False(AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Builtin, "/repo"), Host("/usr/bin/dotnet", null)).Succeeded);
        Assert.False(AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Builtin, "/repo"), Host(null)).Succeeded);
    }

    [Fact]
    public void A_command_is_split_into_argv_and_run_as_given()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Parse("my-agent --flag 'two words' \"a \\\"q\\\"\" $HOME;ls"), "/repo", Model: "m"), Host());

        Assert.Equal("my-agent", result.StartInfo!.FileName);
        Assert.Equal(["--flag", "two words", "a \"q\"", "$HOME;ls"], result.StartInfo.Arguments);
        Assert.Equal("bridge", result.StartInfo.Environment["CLAUDE_CODE_ENVIRONMENT_KIND"]);
    }

    [Fact]
    public void An_unparseable_command_is_an_error()
    {
        var result = AgentCommandLine.Build(new AgentLaunchRequest(AgentSpec.Parse("agent 'oops"), "/repo"), Host());

        Assert.False(result.Succeeded);
        Assert.Contains("unterminated single quote", result.Error);
    }

    [Theory]
    [InlineData(null, "Claude", null)]
    [InlineData("", "Claude", null)]
    [InlineData("claude", "Claude", null)]
    [InlineData("builtin", "Builtin", null)]
    [InlineData("/opt/bin/claude", "Claude", "/opt/bin/claude")]
    [InlineData("claude --debug", "Command", "claude --debug")]
    [InlineData("node agent.js", "Command", "node agent.js")]
    public void Parses_the_agent_option(string? text, string kind, string? value)
    {
        var spec = AgentSpec.Parse(text);

        Assert.Equal(kind, spec.Kind.ToString());
        Assert.Equal(value, spec.Value);
    }
}
