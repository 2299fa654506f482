using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Http;

/// <summary>
/// Request bodies are read into pooled buffers: a body of any size up to the limit arrives whole, a bad byte anywhere in
/// it is reported, and bodies read at the same time never see each other's bytes.
/// </summary>
public sealed class JsonBodyTests : ServerTest
{
    [Fact]
    public async Task A_body_of_several_hundred_kilobytes_without_a_declared_length_arrives_whole()
    {
        var session = await Client.CreateSessionAsync();
        var texts = Enumerable.Range(0, 300).Select(i => $"{i}:{new string('k', 1000)}").ToList();
        using var content = new ChunkedContent(ApiJson.Events([.. texts.Select(t => ApiJson.UserMessage(t))]));

        using var response = await Client.PostAsync($"/v1/sessions/{session}/events", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(texts, await StoredTextsAsync(session));
    }

    [Fact]
    public async Task An_invalid_byte_far_into_a_large_body_is_refused_and_nothing_is_stored()
    {
        var session = await Client.CreateSessionAsync();
        var body = Encoding.UTF8.GetBytes(ApiJson.Events([.. Enumerable.Range(0, 100).Select(i => ApiJson.UserMessage($"{i}:{new string('b', 1000)}"))]));
        body[^200] = 0xFF;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync($"/v1/sessions/{session}/events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync());
        Assert.Empty(await StoredTextsAsync(session));
    }

    [Fact]
    public async Task Bodies_read_at_the_same_time_are_stored_exactly_as_each_was_sent()
    {
        var sessions = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            sessions.Add(await Client.CreateSessionAsync());
        }

        // Distinct contents per session and round, so a buffer shared by two requests would show as a wrong text.
        string Text(int s, int round, int n) => $"{s}.{round}.{n}:{new string((char)('a' + s), 200 + (37 * round) + n)}";
        await Task.WhenAll(sessions.Select(async (id, s) =>
        {
            for (var round = 0; round < 10; round++)
            {
                using var response = await Client.PostEventsAsync(id, [.. Enumerable.Range(0, 20).Select(n => ApiJson.UserMessage(Text(s, round, n)))]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));

        for (var s = 0; s < sessions.Count; s++)
        {
            var expected = Enumerable.Range(0, 10).SelectMany(round => Enumerable.Range(0, 20).Select(n => Text(s, round, n)));
            Assert.Equal(expected, await StoredTextsAsync(sessions[s]));
        }
    }

    private async Task<List<string>> StoredTextsAsync(string session)
    {
        var texts = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Client.GetNodeAsync($"/v1/sessions/{session}/events?limit=100" + (after is null ? "" : $"&after_id={after}"));
            texts.AddRange(page["data"]!.AsArray().Select(e => TextOf(e!)));
            if (!page["has_more"]!.GetValue<bool>())
            {
                break;
            }

            after = page["last_id"]!.GetValue<string>();
        }

        return texts;
    }

    private static string TextOf(JsonNode stored) => stored["message"]!["content"] switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonArray parts => parts[0]!["text"]!.GetValue<string>(),
        _ => throw new InvalidOperationException("unexpected message content"),
    };

    /// <summary>Sends its bytes without a Content-Length (chunked), as a streaming client would.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
