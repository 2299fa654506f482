using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>A worker's SSE read stream: <c>GET …/worker/events/stream</c>, frames parsed with the framework's SseParser.</summary>
internal sealed class WorkerStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;

    private WorkerStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items)
    {
        _response = response;
        _items = items;
    }

    public static async Task<WorkerStream> OpenAsync(V2Worker worker, CancellationToken cancellationToken, string query = "", long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Path("/events/stream") + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await worker.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new WorkerStream(response, SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken));
    }

    /// <summary>The next frame's event name, id and data.</summary>
    public async Task<(string EventType, string? Id, JsonNode Data)> NextAsync()
    {
        if (!await _items.MoveNextAsync())
        {
            throw new InvalidOperationException("The worker stream ended.");
        }

        var item = _items.Current;
        return (item.EventType, item.EventId, JsonNode.Parse(item.Data)!);
    }

    /// <summary>True when the server ended the stream.</summary>
    public async Task<bool> EndedAsync() => !await _items.MoveNextAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _items.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // The test's own timeout ended it.
        }

        _response.Dispose();
    }
}
