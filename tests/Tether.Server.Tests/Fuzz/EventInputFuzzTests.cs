using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of valid event batches, posted to the real server. Every answer must be a success or a
/// precise 4xx JSON error; nothing may crash the server or hang it. The seed is in the test name, so a failure replays.
/// </summary>
public sealed class EventInputFuzzTests : ServerTest
{
    private const int Iterations = 400;

    [Theory]
    [InlineData(1)]
    [InlineData(20261121)]
    public async Task Mutated_event_batches_never_cause_a_server_error(int seed)
    {
        var random = new Random(seed);
        var id = await Client.CreateSessionAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        for (var i = 0; i < Iterations; i++)
        {
            var body = Mutate(random, ValidBatch(random));
            using var response = await Client.PostAsync($"/v1/sessions/{id}/events", new ByteArrayContent(body), deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);

            Assert.True((int)response.StatusCode < 500, $"iteration {i}: {(int)response.StatusCode} for {Encoding.UTF8.GetString(body)}: {text}");
            if (!response.IsSuccessStatusCode)
            {
                var error = JsonNode.Parse(text)!;
                Assert.Equal("error", error["type"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(error["error"]!["message"]!.GetValue<string>()));
            }
        }

        for (var i = 0; i < Iterations / 4; i++)
        {
            var body = Mutate(random, """{"title":"fuzz","session_context":{"cwd":"/repo","model":"m"},"events":[{"type":"event","data":{"type":"user","message":{"role":"user","content":"hi"}}}]}""");
            using var response = await Client.PostAsync("/v1/sessions", new ByteArrayContent(body), deadline.Token);
            Assert.True((int)response.StatusCode < 500, $"create {i}: {(int)response.StatusCode} for {Encoding.UTF8.GetString(body)}");
        }

        using var health = await Client.GetAsync("/readyz", deadline.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static string ValidBatch(Random random)
    {
        var events = new JsonArray();
        for (var i = 0; i < random.Next(1, 4); i++)
        {
            events.Add(random.Next(3) switch
            {
                0 => JsonNode.Parse(ApiJson.UserMessage($"prompt {random.Next()}")),
                1 => JsonNode.Parse($$"""{"type":"control_request","request_id":"r{{random.Next()}}","request":{"subtype":"interrupt"} }"""),
                _ => JsonNode.Parse($$"""{"type":"control_response","uuid":"{{Guid.NewGuid()}}","response":{"subtype":"success","request_id":"r{{random.Next()}}","response":{"behavior":"allow","updatedInput":{ } } } }"""),
            });
        }

        return new JsonObject { ["events"] = events }.ToJsonString();
    }

    private static byte[] Mutate(Random random, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        var interesting = "{}[]\":,\\0-1e9truefalsenull\u00e9\u0000\ud83d\ude00"u8.ToArray();
        for (var m = 0; m < random.Next(1, 6); m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string('[', random.Next(1, 100))));
                    break;
                default:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 20));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
