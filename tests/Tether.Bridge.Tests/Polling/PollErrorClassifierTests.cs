using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Tether.Bridge.Polling;
using Tether.Client.Environments;
using Tether.Client.Http;

namespace Tether.Bridge.Tests.Polling;

public sealed class PollErrorClassifierTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public void Success_statuses_are_not_errors(int status) =>
        Assert.Null(PollErrorClassifier.ClassifyStatus(status, "{}", "Poll"));

    [Theory]
    [InlineData(401, null, "Fatal", "General", "Poll: Authentication failed (401). Please run `tether login` to sign in.")]
    [InlineData(401, "{\"error\":{\"type\":\"authentication_error\",\"message\":\"bad token\"}}", "Fatal", "General", "Poll: Authentication failed (401): bad token. Please run `tether login` to sign in.")]
    [InlineData(403, "{\"error\":{\"type\":\"permission_error\",\"message\":\"nope\"}}", "Fatal", "General", "Poll: Access denied (403): nope. Check your organization permissions.")]
    [InlineData(403, "{\"error\":{\"type\":\"session_expired\",\"message\":\"x\"}}", "Fatal", "General", PollErrorClassifier.SessionExpiredMessage)]
    [InlineData(403, "{\"error\":{\"type\":\"token_lifetime_exceeded\"}}", "Fatal", "General", PollErrorClassifier.SessionExpiredMessage)]
    [InlineData(404, null, "Fatal", "General", "Poll: Not found (404). Remote Control may not be available for this organization.")]
    [InlineData(404, "{\"message\":\"Environment env_1 not found\"}", "Fatal", "General", "Environment env_1 not found")]
    [InlineData(410, null, "Fatal", "General", PollErrorClassifier.SessionExpiredMessage)]
    [InlineData(429, null, "RateLimited", "General", "Poll: Rate limited (429). Polling too frequently.")]
    [InlineData(500, "oops", "Transient", "Connection", "Poll: Server error (500)")]
    [InlineData(503, "{\"message\":\"draining\"}", "Transient", "Connection", "Poll: Server error (503): draining")]
    [InlineData(201, null, "Transient", "General", "Poll: Failed with status 201")]
    [InlineData(400, "{\"error\":{\"message\":\"bad\"}}", "Transient", "General", "Poll: Failed with status 400: bad")]
    public void Classifies_statuses(int status, string? body, string kind, string track, string message)
    {
        var error = PollErrorClassifier.ClassifyStatus(status, body, "Poll");

        Assert.NotNull(error);
        Assert.Equal(kind, error.Kind.ToString());
        Assert.Equal(track, error.Track.ToString());
        Assert.Equal(message, error.Message);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public void Gone_defaults_its_error_type()
    {
        Assert.Equal("environment_expired", PollErrorClassifier.ClassifyStatus(410, null, "Poll")!.ErrorType);
        Assert.Equal("custom", PollErrorClassifier.ClassifyStatus(410, "{\"error\":{\"type\":\"custom\"}}", "Poll")!.ErrorType);
    }

    [Theory]
    [InlineData("missing scope external_poll_sessions", true)]
    [InlineData("needs environments:manage", true)]
    [InlineData("something else", false)]
    public void Suppresses_scope_403s(string message, bool suppressed) =>
        Assert.Equal(suppressed, PollErrorClassifier.ClassifyStatus(403, $"{{\"message\":\"{message}\"}}", "Poll")!.Suppressed);

    public static TheoryData<Exception, string, string> Exceptions => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused"), "Transient", "Connection" },
        { new SocketException((int)SocketError.ConnectionReset), "Transient", "Connection" },
        { new IOException("reset"), "Transient", "Connection" },
        { new TaskCanceledException("timeout"), "Transient", "Connection" },
        { new TimeoutException(), "Transient", "Connection" },
        { new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden), "Fatal", "General" },
        { new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway), "Transient", "Connection" },
        { new System.Text.Json.JsonException("bad body"), "Transient", "General" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Classifies_exceptions(Exception exception, string kind, string track)
    {
        var error = PollErrorClassifier.ClassifyException(exception, "Poll");

        Assert.Equal(kind, error.Kind.ToString());
        Assert.Equal(track, error.Track.ToString());
        Assert.StartsWith("Poll: ", error.Message);
    }

    [Fact]
    public void A_rejected_certificate_is_fatal_and_keeps_the_CA_bundle_message_word_for_word()
    {
        const string message = "Cannot reach https://tether.example: its TLS certificate was rejected (x). Set NODE_EXTRA_CA_CERTS.";

        var error = PollErrorClassifier.Classify(new ApiError(0, EnvironmentsClient.CertificateRejectedType, message), "Registration");

        Assert.True(error.IsFatal);
        Assert.Equal(message, error.Message);
        Assert.Equal(EnvironmentsClient.CertificateRejectedType, error.ErrorType);
    }

    [Fact]
    public void A_certificate_exception_is_fatal_while_other_handshake_failures_stay_transient()
    {
        var rejected = new HttpRequestException("ssl failed", new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));
        var other = new HttpRequestException("ssl failed", new AuthenticationException("Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'."));

        var fatal = PollErrorClassifier.ClassifyException(rejected, "Poll");

        Assert.True(fatal.IsFatal);
        Assert.StartsWith("Poll: Cannot reach the server: its TLS certificate was rejected", fatal.Message, StringComparison.Ordinal);
        Assert.False(PollErrorClassifier.ClassifyException(other, "Poll").IsFatal);
    }
}
