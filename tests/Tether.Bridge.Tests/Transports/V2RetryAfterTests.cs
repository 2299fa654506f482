using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.Bridge.Transports;
using Tether.Bridge.Transports.V2;
using Tether.Testing;

namespace Tether.Bridge.Tests.Transports;

/// <summary>The v2 transport waits as long as a 429's <c>Retry-After</c> says before its next upload or heartbeat (virtual clock).</summary>
public sealed class V2RetryAfterTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly ScriptedWorkerServer _server = new();
    private readonly CancellationTokenSource _stop = new();
    private V2SessionTransport? _transport;
    private Task? _run;

    [Fact]
    public async Task AnUploadAnswered429_IsNotRetriedBeforeItsRetryAfter()
    {
        _server.EventAnswers.Enqueue(RateLimited(7));
        Start();
        await Eventually.TrueAsync(() => _server.Count("PUT /worker") >= 1, because: "the worker registers and goes idle");

        Assert.True(await _transport!.WriteAsync("""{"type":"assistant","uuid":"u1"}""", CancellationToken.None));
        await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(7)), because: "the upload waits out the Retry-After");
        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _server.Count("POST /worker/events"));

        // The batcher's own backoff (≤ 1.5 s) follows the server's wait.
        await Eventually.TrueAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                return _server.Count("POST /worker/events") == 2;
            },
            because: "the upload is retried after the wait");
    }

    [Fact]
    public async Task AHeartbeatAnswered429_PushesTheNextHeartbeatToItsRetryAfter()
    {
        _server.HeartbeatAnswers.Enqueue(RateLimited(45));
        Start();
        await Eventually.TrueAsync(() => _server.Count("PUT /worker") >= 1, because: "the worker registers and goes idle");

        _time.Advance(V2TransportOptions.Default.HeartbeatInterval);
        await Eventually.TrueAsync(() => _server.Count("POST /worker/heartbeat") == 1, because: "the first heartbeat goes out");
        await Eventually.TrueAsync(() => _time.RequestedDelays.Contains(TimeSpan.FromSeconds(45)), because: "the next heartbeat waits out the Retry-After");
        _time.Advance(TimeSpan.FromSeconds(44));
        Assert.Equal(1, _server.Count("POST /worker/heartbeat"));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _server.Count("POST /worker/heartbeat") == 2, because: "the heartbeat resumes after the wait");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _server.Dispose();
        _stop.Dispose();
    }

    private static HttpResponseMessage RateLimited(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    private void Start()
    {
        _transport = new V2SessionTransport(
            new SessionTransportRequest(new Uri("http://127.0.0.1:1"), "session_AAAA1", "tether_si_token", UseCodeSessions: true),
            _server, V2TransportOptions.Default, _time, NullLogger.Instance);
        _run = _transport.RunAsync(_stop.Token);
    }

    /// <summary>The worker endpoints, scripted: register gives epoch 1, the stream stays open and silent, the rest answer 200 unless queued otherwise.</summary>
    private sealed class ScriptedWorkerServer : HttpMessageHandler
    {
        private readonly ConcurrentQueue<string> _calls = new();

        public ConcurrentQueue<HttpResponseMessage> EventAnswers { get; } = new();

        public ConcurrentQueue<HttpResponseMessage> HeartbeatAnswers { get; } = new();

        public int Count(string call) => _calls.Count(c => c == call);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var call = $"{request.Method} {path[path.IndexOf("/worker", StringComparison.Ordinal)..]}";
            _calls.Enqueue(call);
            return Task.FromResult(call switch
            {
                "POST /worker/register" => Json("""{"worker_epoch":1}"""),
                "GET /worker/events/stream" => SilentStream(),
                "POST /worker/events" when EventAnswers.TryDequeue(out var answer) => answer,
                "POST /worker/heartbeat" when HeartbeatAnswers.TryDequeue(out var answer) => answer,
                _ => Json("{}"),
            });
        }

        private static HttpResponseMessage Json(string body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        private static HttpResponseMessage SilentStream()
        {
            var pipe = new Pipe();
            var content = new StreamContent(pipe.Reader.AsStream());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }
}
