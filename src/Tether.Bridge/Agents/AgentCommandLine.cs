using System.Text.RegularExpressions;

namespace Tether.Bridge.Agents;

/// <summary>
/// Builds argv and environment for a session's agent. Claude Code runs as
/// <c>claude -p --input-format stream-json --output-format stream-json --verbose --permission-prompt-tool stdio --replay-user-messages</c>
/// plus <c>--model</c>, <c>--permission-mode</c>, <c>--resume</c> and allow-listed flags from the work secret; the built-in
/// agent is this executable with <c>agent</c> and the same flags; a custom command runs exactly as given. Every agent gets
/// the parent environment minus <c>CLAUDE_CODE_OAUTH_TOKEN</c>, plus the secret's variables and
/// <c>CLAUDE_CODE_ENVIRONMENT_KIND=bridge</c>; proxy and CA variables pass through untouched.
/// </summary>
internal static partial class AgentCommandLine
{
    public const string EnvironmentKindVariable = "CLAUDE_CODE_ENVIRONMENT_KIND";
    public const string OAuthTokenVariable = "CLAUDE_CODE_OAUTH_TOKEN";

    /// <summary>Proxy and certificate variables the child inherits from the bridge unchanged.</summary>
    public static readonly IReadOnlyList<string> PassThroughVariables = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE"];

    public static readonly IReadOnlyList<string> StreamJsonArguments =
        ["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", "--replay-user-messages"];

    // Flags a server may add through claude_code_args. Conservative on purpose: nothing that changes the I/O protocol,
    // skips permission checks or points the agent at another server.
    private static readonly HashSet<string> s_allowedFlags = new(StringComparer.Ordinal)
    {
        "--model", "--fallback-model", "--permission-mode", "--max-turns", "--append-system-prompt",
        "--allowedTools", "--allowed-tools", "--disallowedTools", "--disallowed-tools", "--add-dir",
        "--mcp-config", "--strict-mcp-config", "--max-thinking-tokens", "--include-partial-messages",
    };

    // Variables the secret may not set: they would let a server run code in the bridge user's context another way.
    private static readonly HashSet<string> s_protectedVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        OAuthTokenVariable, EnvironmentKindVariable, "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "NODE_OPTIONS", "PATH",
    };

    public static AgentCommandLineResult Build(AgentLaunchRequest request, AgentHost host)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(host);
        var warnings = new List<string>();
        var environment = BuildEnvironment(request, warnings);

        string fileName;
        List<string> arguments;
        switch (request.Agent.Kind)
        {
            case AgentKind.Claude:
                var claude = request.Agent.Value ?? host.FindOnPath("claude");
                if (claude is null || !AgentHost.IsExecutableFile(claude))
                {
                    return Failed(request.Agent.Value is null
                        ? "claude was not found on PATH; install Claude Code or use --agent builtin"
                        : $"claude executable not found: {request.Agent.Value}");
                }

                fileName = claude;
                arguments = AgentArguments(request, warnings);
                break;
            case AgentKind.Builtin:
                if (!host.TryGetSelfCommand(out fileName, out var prefix, out var selfError))
                {
                    return Failed(selfError);
                }

                arguments = [.. prefix, "agent", .. AgentArguments(request, warnings)];
                break;
            default:
                if (!ShellWords.TrySplit(request.Agent.Value ?? string.Empty, out var words, out var splitError))
                {
                    return Failed($"cannot parse agent command: {splitError}");
                }

                fileName = words[0];
                arguments = [.. words.Skip(1)];
                break;
        }

        return new AgentCommandLineResult(new AgentStartInfo(fileName, arguments, request.WorkingDirectory, environment), null, warnings);

        AgentCommandLineResult Failed(string error) => new(null, error, warnings);
    }

    private static List<string> AgentArguments(AgentLaunchRequest request, List<string> warnings)
    {
        List<string> arguments = [.. StreamJsonArguments];
        AddOption(arguments, "--model", request.Model);
        AddOption(arguments, "--permission-mode", request.PermissionMode);
        AddOption(arguments, "--resume", request.ResumeSessionId);

        foreach (var (flag, value) in (request.Secret?.ClaudeCodeArgs ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!FlagPattern().IsMatch(flag) || !s_allowedFlags.Contains(flag))
            {
                warnings.Add($"ignored agent flag {Printable(flag)}: not allowed");
            }
            else if (arguments.Contains(flag))
            {
                warnings.Add($"ignored agent flag {flag}: already set by the bridge");
            }
            else
            {
                arguments.Add(flag);
                if (!string.IsNullOrEmpty(value))
                {
                    arguments.Add(value);
                }
            }
        }

        return arguments;
    }

    private static Dictionary<string, string?> BuildEnvironment(AgentLaunchRequest request, List<string> warnings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Secret?.EnvironmentVariables ?? new Dictionary<string, string>())
        {
            if (!VariablePattern().IsMatch(name) || s_protectedVariables.Contains(name) || name.StartsWith("DYLD_", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"ignored environment variable {Printable(name)}: not allowed");
                continue;
            }

            environment[name] = value;
        }

        // The child must not act with the user's own OAuth token: the bridge holds the session's credentials.
        environment[OAuthTokenVariable] = null;
        environment[EnvironmentKindVariable] = "bridge";
        return environment;
    }

    private static void AddOption(List<string> arguments, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            arguments.Add(flag);
            arguments.Add(value);
        }
    }

    private static string Printable(string text) => text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;

    [GeneratedRegex("^--[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex FlagPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();
}
