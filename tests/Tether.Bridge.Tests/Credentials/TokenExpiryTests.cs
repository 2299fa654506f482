using System.Buffers.Text;
using System.Text;
using Tether.Bridge.Credentials;
using Tether.Protocol.Environments;

namespace Tether.Bridge.Tests.Credentials;

public sealed class TokenExpiryTests
{
    private static string Jwt(string payloadJson) =>
        $"{Segment("""{"alg":"HS256","typ":"JWT"}""")}.{Segment(payloadJson)}.c2lnbmF0dXJl";

    private static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_exp_from_a_jwt()
    {
        Assert.True(TokenExpiry.TryReadJwtExpiry(Jwt("""{"session_id":"cse_1","exp":1795000000}"""), out var expiresAt));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), expiresAt);
    }

    [Fact]
    public void Reads_exp_from_a_jwt_with_the_reference_prefix_and_a_fractional_exp()
    {
        Assert.True(TokenExpiry.TryReadJwtExpiry("sk-ant-si-" + Jwt("""{"exp":1795000000.25}"""), out var expiresAt));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795000000250), expiresAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tether_si_opaque0123456789")]
    [InlineData("sk-ant-si-")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a..c")]
    [InlineData("a.!!!.c")]
    [InlineData("a.bm90IGpzb24.c")]
    public void Ignores_anything_that_is_not_a_jwt(string? token)
    {
        Assert.False(TokenExpiry.TryReadJwtExpiry(token, out _));
    }

    [Theory]
    [InlineData("""[1]""")]
    [InlineData("""{"iat":1}""")]
    [InlineData("""{"exp":"1795000000"}""")]
    [InlineData("""{"exp":-5}""")]
    [InlineData("""{"exp":0}""")]
    [InlineData("""{"exp":1e300}""")]
    [InlineData("""{"exp":null}""")]
    public void Ignores_a_jwt_without_a_usable_exp(string payload)
    {
        Assert.False(TokenExpiry.TryReadJwtExpiry(Jwt(payload), out _));
    }

    [Fact]
    public void Ignores_an_oversized_token()
    {
        Assert.False(TokenExpiry.TryReadJwtExpiry(Jwt("{\"exp\":1795000000,\"pad\":\"" + new string('x', 20_000) + "\"}"), out _));
    }

    [Fact]
    public void The_servers_hint_wins_over_the_jwt_claim_and_an_opaque_token_without_one_has_none()
    {
        var hint = new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.Zero);
        var jwt = Jwt("""{"exp":1795000000}""");

        Assert.Equal(hint, TokenExpiry.Of(new WorkSecret { SessionIngressToken = jwt, ApiBaseUrl = "x", SessionIngressTokenExpiresAt = hint }));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), TokenExpiry.Of(new WorkSecret { SessionIngressToken = jwt, ApiBaseUrl = "x" }));
        Assert.Null(TokenExpiry.Of(new WorkSecret { SessionIngressToken = "tether_si_opaque", ApiBaseUrl = "x" }));
    }
}
