using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Relay;
using Tether.Bridge.Transports.V1;
using Tether.Testing;

namespace Tether.Bridge.Tests.Transports;

/// <summary>The v1 event poster waits as long as a 429's or 503's <c>Retry-After</c> says before it reports a retry (virtual clock).</summary>
public sealed class V1RetryAfterTests : IDisposable
{
    private static readonly IReadOnlyList<OutboundEvent> Batch = [OutboundEvent.Create("""{"type":"assistant","uuid":"u1"}""")];

    private readonly ManualTimeProvider _time = new();
    private readonly ScriptedIngress _server = new();
    private readonly HttpClient _http;

    public V1RetryAfterTests() => _http = new HttpClient(_server);

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task AnUploadAnsweredWithRetryAfter_IsNotReportedForRetryBeforeTheWait(HttpStatusCode status)
    {
        _server.Answers.Enqueue(Refused(status, TimeSpan.FromSeconds(7)));
        var upload = Poster(V1TransportOptions.Default).UploadAsync(Batch, CancellationToken.None);

        await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(7)), because: "the upload waits out the Retry-After");
        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.False(upload.IsCompleted, "the retry must not be reported before the server's wait is over");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(UploadOutcome.Retry, await upload.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, _server.Posts);
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheCap_IsCutToTheCap()
    {
        var options = V1TransportOptions.Default with { MaxRetryAfter = TimeSpan.FromSeconds(30) };
        _server.Answers.Enqueue(Refused(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(2)));
        var upload = Poster(options).UploadAsync(Batch, CancellationToken.None);

        await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(30)), because: "the wait is capped");
        Assert.DoesNotContain(TimeSpan.FromHours(2), _time.RequestedDelays);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(UploadOutcome.Retry, await upload.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A429WithoutRetryAfter_IsReportedForRetryAtOnce()
    {
        _server.Answers.Enqueue(new HttpResponseMessage(HttpStatusCode.TooManyRequests));

        var outcome = await Poster(V1TransportOptions.Default).UploadAsync(Batch, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(UploadOutcome.Retry, outcome);
    }

    [Fact]
    public async Task ARetryAfterOnAClientError_DoesNotDelayTheDrop()
    {
        _server.Answers.Enqueue(Refused(HttpStatusCode.BadRequest, TimeSpan.FromSeconds(30)));

        var outcome = await Poster(V1TransportOptions.Default).UploadAsync(Batch, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(UploadOutcome.Drop, outcome);
        Assert.DoesNotContain(TimeSpan.FromSeconds(30), _time.RequestedDelays);
    }

    [Fact]
    public async Task StoppingDuringTheWait_EndsTheUploadAtOnce()
    {
        using var stop = new CancellationTokenSource();
        _server.Answers.Enqueue(Refused(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(40)));
        var upload = Poster(V1TransportOptions.Default).UploadAsync(Batch, stop.Token);
        await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(40)), because: "the upload waits out the Retry-After");

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _http.Dispose();

    private static HttpResponseMessage Refused(HttpStatusCode status, TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent("""{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    private IngressEventPoster Poster(V1TransportOptions options) =>
        new(_http, new Uri("http://127.0.0.1:1/v1/session_ingress/session/session_AAAA1/events"), () => "tether_si_token", options, _time,
            NullLogger.Instance, () => { });

    /// <summary>Answers each POST with the next queued response, 200 when none is queued.</summary>
    private sealed class ScriptedIngress : HttpMessageHandler
    {
        private int _posts;

        public ConcurrentQueue<HttpResponseMessage> Answers { get; } = new();

        public int Posts => Volatile.Read(ref _posts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _posts);
            return Task.FromResult(Answers.TryDequeue(out var answer) ? answer : new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
