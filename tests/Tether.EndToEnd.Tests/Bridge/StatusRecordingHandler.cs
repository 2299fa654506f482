using System.Collections.Concurrent;
using System.Net;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>One answer the bridge got from the server.</summary>
internal sealed record RecordedResponse(HttpMethod Method, string Path, HttpStatusCode Status);

/// <summary>Records the status of every answer the bridge gets (API calls, transport requests, socket handshakes).</summary>
internal sealed class StatusRecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ConcurrentQueue<RecordedResponse> Responses { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Responses.Enqueue(new RecordedResponse(request.Method, request.RequestUri?.AbsolutePath ?? "", response.StatusCode));
        return response;
    }
}
