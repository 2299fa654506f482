using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Tether.Protocol.Environments;

namespace Tether.Protocol.Tests.Environments;

public sealed class WorkSecretCodecTests
{
    private static string EncodeJson(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Round_trips_every_field()
    {
        using var mcp = JsonDocument.Parse("{\"servers\":{\"x\":{\"command\":\"y\"}}}");
        var secret = new WorkSecret
        {
            SessionIngressToken = "sk-ant-si-header.payload.sig",
            ApiBaseUrl = "https://tether.example",
            Sources = [new WorkSecretSource { Type = "git_repository", GitInfo = new WorkSecretGitInfo { Type = "github", Repo = "o/r", Ref = "main" } }],
            Auth = [new WorkSecretAuth { Type = "github", Token = "ghp" }],
            ClaudeCodeArgs = new Dictionary<string, string> { ["--model"] = "opus" },
            McpConfig = mcp.RootElement.Clone(),
            EnvironmentVariables = new Dictionary<string, string> { ["FOO"] = "bar" },
            UseCodeSessions = true,
            SessionIngressTokenExpiresAt = new DateTimeOffset(2026, 11, 21, 20, 0, 0, 123, TimeSpan.FromHours(2)),
        };

        var encoded = WorkSecretCodec.Encode(secret);

        Assert.DoesNotContain('=', encoded);
        Assert.True(WorkSecretCodec.TryDecode(encoded, out var decoded, out var error), error);
        Assert.Equal(1, decoded.Version);
        Assert.Equal(secret.SessionIngressToken, decoded.SessionIngressToken);
        Assert.Equal(secret.ApiBaseUrl, decoded.ApiBaseUrl);
        Assert.Equal("o/r", decoded.Sources![0].GitInfo!.Repo);
        Assert.Equal("ghp", decoded.Auth![0].Token);
        Assert.Equal("opus", decoded.ClaudeCodeArgs!["--model"]);
        Assert.Equal("bar", decoded.EnvironmentVariables!["FOO"]);
        Assert.Equal("y", decoded.McpConfig!.Value.GetProperty("servers").GetProperty("x").GetProperty("command").GetString());
        Assert.True(decoded.UseCodeSessions);
        Assert.Equal(secret.SessionIngressTokenExpiresAt, decoded.SessionIngressTokenExpiresAt);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Decodes_a_minimal_secret_with_nulls()
    {
        var encoded = EncodeJson("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":\"\",\"claude_code_args\":null,\"environment_variables\":null,\"mcp_config\":null}");

        Assert.True(WorkSecretCodec.TryDecode(encoded, out var secret, out _));
        Assert.Null(secret.ClaudeCodeArgs);
        Assert.False(secret.UseCodeSessions);
    }

    [Fact]
    public void Decodes_a_reference_shaped_secret_without_the_expiry_hint()
    {
        var encoded = EncodeJson("""
            {"version":1,"session_ingress_token":"sk-ant-si-a.b.c","api_base_url":"https://api.example","sources":[],"auth":[],
             "claude_code_args":{},"mcp_config":null,"environment_variables":{},"use_code_sessions":false}
            """);

        Assert.True(WorkSecretCodec.TryDecode(encoded, out var secret, out var error), error);
        Assert.Null(secret.SessionIngressTokenExpiresAt);
        Assert.Equal("sk-ant-si-a.b.c", secret.SessionIngressToken);
    }

    [Fact]
    public void Reads_the_expiry_hint_as_written_by_the_server()
    {
        var encoded = EncodeJson("""{"version":1,"session_ingress_token":"t","api_base_url":"x","session_ingress_token_expires_at":"2026-11-21T18:00:00.5+00:00"}""");

        Assert.True(WorkSecretCodec.TryDecode(encoded, out var secret, out var error), error);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 0, 0, 500, TimeSpan.Zero), secret.SessionIngressTokenExpiresAt);
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("1795000000")]
    [InlineData("{\"at\":1}")]
    [InlineData("[\"2026-11-21T18:00:00Z\"]")]
    [InlineData("true")]
    [InlineData("null")]
    public void An_unusable_expiry_hint_is_ignored_and_the_secret_still_decodes(string hint)
    {
        var encoded = EncodeJson($$"""{"version":1,"session_ingress_token":"t","api_base_url":"x","session_ingress_token_expires_at":{{hint}},"use_code_sessions":true}""");

        Assert.True(WorkSecretCodec.TryDecode(encoded, out var secret, out var error), error);
        Assert.Null(secret.SessionIngressTokenExpiresAt);
        Assert.True(secret.UseCodeSessions);
    }

    [Fact]
    public void Tolerates_padding_and_the_standard_alphabet()
    {
        // 'ÿ' forces '+'/'/' style characters in standard base64.
        var json = "{\"version\":1,\"session_ingress_token\":\"ÿÿÿ?\",\"api_base_url\":\"x\"}";
        var standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        while (!standard.EndsWith('='))
        {
            json += " ";
            standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        }

        Assert.Contains('/', standard);

        Assert.True(WorkSecretCodec.TryDecode(standard, out var secret, out var error), error);
        Assert.Equal("ÿÿÿ?", secret.SessionIngressToken);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("a", "base64url")]
    [InlineData("!!!!", "base64url")]
    public void Rejects_bad_base64(string? encoded, string expected)
    {
        Assert.False(WorkSecretCodec.TryDecode(encoded, out var secret, out var error));
        Assert.Null(secret);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\"version\":2,\"session_ingress_token\":\"t\",\"api_base_url\":\"x\"}", "version")]
    [InlineData("{\"version\":\"1\",\"session_ingress_token\":\"t\",\"api_base_url\":\"x\"}", "version")]
    [InlineData("{\"session_ingress_token\":\"t\",\"api_base_url\":\"x\"}", "version")]
    [InlineData("{\"version\":1,\"api_base_url\":\"x\"}", "session_ingress_token")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"\",\"api_base_url\":\"x\"}", "session_ingress_token")]
    [InlineData("{\"version\":1,\"session_ingress_token\":5,\"api_base_url\":\"x\"}", "session_ingress_token")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\"}", "api_base_url")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":null}", "api_base_url")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":\"x\",\"claude_code_args\":{\"--a\":1}}", "map")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":\"x\",\"environment_variables\":[]}", "map")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":\"x\",\"use_code_sessions\":\"yes\"}", "malformed")]
    [InlineData("{\"version\":1,\"session_ingress_token\":\"t\",\"api_base_url\":\"x\",\"sources\":{}}", "malformed")]
    public void Rejects_invalid_content_with_an_error(string json, string expected)
    {
        Assert.False(WorkSecretCodec.TryDecode(EncodeJson(json), out var secret, out var error));
        Assert.Null(secret);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Never_puts_the_token_in_an_error()
    {
        var encoded = EncodeJson("{\"version\":1,\"session_ingress_token\":\"super-secret\",\"api_base_url\":\"x\",\"use_code_sessions\":\"super-secret\"}");

        Assert.False(WorkSecretCodec.TryDecode(encoded, out _, out var error));
        Assert.DoesNotContain("super-secret", error);
    }
}
