using System.Net;
using Tether.Bridge.Credentials;
using Tether.Protocol.Ids;
using Tether.Server.Environments;
using Tether.Testing;
using static Tether.EndToEnd.Tests.Bridge.SessionApi;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>A bridge session outliving several short-lived session tokens against the real server, on v1 and v2.</summary>
public sealed class BridgeTokenRefreshTests
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(6);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASessionRunsPastItsTokensExpiry_RefreshedAheadWithoutEverBeingRejected_AndEveryEventArrivesOnceInOrder(bool codeSessions)
    {
        await using var server = await LoopbackServer.StartAsync(customize: o => o with
        {
            Environments = new EnvironmentOptions { IngressTokenLifetime = TokenLifetime },
        });
        using var dir = new TempDirectory("bridge-dir");
        await using var bridge = await BridgeHarness.StartAsync(server, dir.Path, configure: o => o with
        {
            // Scaled down from 4 h tokens refreshed 5 min ahead: each token is refreshed 2 s after it arrives.
            TokenRefresh = new TokenRefreshOptions { Buffer = TimeSpan.FromSeconds(4), MinInterval = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromSeconds(3) },
        });
        using var http = server.CreateClient();
        var api = new SessionApi(http);
        await api.UseCodeSessionsAsync(codeSessions);
        var sessionId = await api.CreateOnAsync(bridge.EnvironmentId);

        await RunTurnAsync(api, sessionId, "echo one >> log.txt", turn: 1);
        var firstExpiry = (await TokenExpiriesAsync(server, sessionId))[0];
        await Eventually.TrueAsync(
            async () => DateTimeOffset.UtcNow > firstExpiry + TimeSpan.FromSeconds(1) && (await TokenExpiriesAsync(server, sessionId)).Count >= 3,
            TimeSpan.FromSeconds(30), "the first token expires while the session runs, after at least two refreshes");
        await RunTurnAsync(api, sessionId, "echo two >> log.txt", turn: 2);

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "log.txt")));
        var events = await api.EventsAsync(sessionId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => (long)e["sequence_num"]!));
        var originals = events.Where(e => e["isReplay"]?.GetValue<bool>() != true).ToList();
        Assert.Equal(originals.Count, originals.Select(e => (string?)e["uuid"]).Distinct().Count());
        Assert.Equal(2, events.Count(IsCanUseTool));
        Assert.Equal(2, events.Count(IsResult));
        Assert.True(
            events.FindIndex(e => IsResult(e)) < events.FindIndex(e => IsCanUseTool(e) && (string?)e["request"]!["input"]!["command"] == "echo two >> log.txt"),
            "the second turn follows the first");

        // Refreshed ahead: the server never turned the bridge away, and the session kept its one transport throughout.
        var rejected = bridge.Responses.Where(r => r.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden).ToList();
        Assert.True(rejected.Count == 0, "rejected: " + string.Join(", ", rejected));
        Assert.Contains(bridge.Responses, r => r.Path.EndsWith("/bridge/reconnect", StringComparison.Ordinal) && r.Status == HttpStatusCode.OK);
        BridgeFlowTests.AssertProtocol(bridge, codeSessions);
    }

    private static async Task RunTurnAsync(SessionApi api, string sessionId, string command, int turn)
    {
        await api.PromptAsync(sessionId, command);
        var ask = await api.WaitForEventAsync(
            sessionId, e => IsCanUseTool(e) && (string?)e["request"]!["input"]!["command"] == command, $"turn {turn} asks to run its command");
        await api.AnswerAsync(sessionId, (string)ask["request_id"]!, allow: true);
        await Eventually.TrueAsync(async () => (await api.EventsAsync(sessionId)).Count(IsResult) == turn, TimeSpan.FromSeconds(30), $"turn {turn} ends");
    }

    /// <summary>The expiry of every ingress token the server minted for the session, oldest first.</summary>
    private static async Task<List<DateTimeOffset>> TokenExpiriesAsync(LoopbackServer server, string sessionId)
    {
        SessionIds.TryGetBody(sessionId, out var body);
        await using var connection = await server.GetRequiredService<Tether.Server.Store.Database>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT expires_at FROM session_ingress_tokens WHERE session_id = @s ORDER BY created_at, id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@s";
        parameter.Value = body;
        command.Parameters.Add(parameter);
        var expiries = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            expiries.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }

        return expiries;
    }
}
