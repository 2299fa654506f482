using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tether.Server.Accounts;
using Tether.Server.Push;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Push;

/// <summary>
/// Web Push end to end: a real server with a public URL, a fake push service on loopback (allowed explicitly), and a
/// subscriber key pair that decrypts what arrives.
/// </summary>
public sealed class PushTests : IAsyncLifetime
{
    private const string PublicUrl = "https://tether.example.com";

    private FakePushService _push = null!;
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _push = await FakePushService.StartAsync();
        _server = await LoopbackServer.StartAsync(customize: options => options with
        {
            PublicUrl = PublicUrl,
            Push = new PushOptions { AllowPlainHttp = true, AllowPrivateAddresses = true, RetryDelay = TimeSpan.FromMilliseconds(20) },
        });
        _owner = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        await _push.DisposeAsync();
    }

    [Fact]
    public async Task Needing_approval_and_finishing_each_send_one_push_the_subscriber_decrypts()
    {
        using var phone = await SubscribeAsync(_owner, "owner-phone");
        var id = await _owner.CreateSessionAsync("Deploy the site");

        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.Assistant("Let me run it"), WorkerEvents.CanUseTool("req-1"));
        await Eventually.TrueAsync(() => _push.Received.Count >= 1, because: "the approval push arrives");
        var status = (await _owner.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>();
        (await _owner.PostEventsAsync(id, WorkerEvents.Allow("req-1"))).Dispose();
        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.Assistant("Done"), WorkerEvents.Result());
        await Eventually.TrueAsync(() => _push.Received.Count >= 2, because: "the finished push arrives");

        Assert.Equal("requires_action", status);
        Assert.Equal(2, _push.Received.Count);
        var (approval, finished) = (_push.Received[0], _push.Received[1]);
        var approvalJson = phone.DecryptJson(approval.Body);
        Assert.Equal("Deploy the site", approvalJson["title"]!.GetValue<string>());
        Assert.Equal("Needs your approval to use Bash", approvalJson["body"]!.GetValue<string>());
        Assert.Equal($"{PublicUrl}/sessions/{id}", approvalJson["url"]!.GetValue<string>());
        Assert.Equal(id, approvalJson["tag"]!.GetValue<string>());
        Assert.Equal("high", approval.Headers["Urgency"]);
        Assert.Equal("aes128gcm", approval.Headers["Content-Encoding"]);
        Assert.True(long.Parse(approval.Headers["TTL"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("/push/owner-phone", approval.Path);
        Assert.Equal(id["session_".Length..], approval.Headers["Topic"]);

        var finishedJson = phone.DecryptJson(finished.Body);
        Assert.Equal("Finished", finishedJson["body"]!.GetValue<string>());
        Assert.Equal(id, finishedJson["tag"]!.GetValue<string>());
        Assert.Equal("normal", finished.Headers["Urgency"]);
    }

    [Fact]
    public async Task The_vapid_token_is_es256_signed_by_the_advertised_key_for_the_push_origin()
    {
        using var phone = await SubscribeAsync(_owner, "vapid");
        var config = await _owner.GetNodeAsync("/v1/push/config");
        var id = await _owner.CreateSessionAsync("Signed");

        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.CanUseTool("req-1"));
        await Eventually.TrueAsync(() => _push.Received.Count >= 1, because: "a push arrives");

        Assert.True(config["enabled"]!.GetValue<bool>());
        var advertised = config["vapid_public_key"]!.GetValue<string>();
        var authorization = _push.Received[0].Headers["Authorization"];
        Assert.StartsWith("vapid t=", authorization, StringComparison.Ordinal);
        var parts = authorization["vapid ".Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(advertised, parts["k"]);

        var jwt = parts["t"].Split('.');
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(jwt[0]))!;
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(jwt[1]))!;
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(_push.BaseAddress.GetLeftPart(UriPartial.Authority), claims["aud"]!.GetValue<string>());
        Assert.Equal(PublicUrl, claims["sub"]!.GetValue<string>());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims["exp"]!.GetValue<long>());
        Assert.InRange(expires, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24));

        var point = Base64Url.DecodeFromChars(advertised);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..65] },
        });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256));
        Assert.False(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}x"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task A_410_from_the_push_service_deletes_the_subscription()
    {
        using var phone = await SubscribeAsync(_owner, "gone");
        var (orgId, userId) = await _server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
        var store = _server.GetRequiredService<PushSubscriptionStore>();
        var before = await store.CountAsync(orgId, userId, CancellationToken.None);
        _push.AnswerNext(410);
        var id = await _owner.CreateSessionAsync("Gone");

        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.Result());

        Assert.Equal(1, before);
        await Eventually.TrueAsync(async () => await store.CountAsync(orgId, userId, CancellationToken.None) == 0, because: "the subscription is deleted");
        Assert.Single(_push.Received);
    }

    [Fact]
    public async Task Busy_and_failing_push_services_are_retried_until_one_accepts()
    {
        using var phone = await SubscribeAsync(_owner, "flaky");
        _push.AnswerNext(429, 503);
        var id = await _owner.CreateSessionAsync("Retry");

        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.Result());
        await Eventually.TrueAsync(() => _push.Received.Count >= 3, because: "two retries follow the failures");

        Assert.Equal(3, _push.Received.Count);
        Assert.All(_push.Received, r => Assert.Equal("Finished", phone.DecryptJson(r.Body)["body"]!.GetValue<string>()));
        var (orgId, userId) = await _server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
        Assert.Equal(1, await _server.GetRequiredService<PushSubscriptionStore>().CountAsync(orgId, userId, CancellationToken.None));
    }

    [Fact]
    public async Task Only_people_who_may_see_the_session_are_notified()
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var (orgId, _) = await accounts.FindOwnerAsync(CancellationToken.None);
        using var stranger = await MemberClientAsync(accounts, orgId, "stranger@example.com");
        using var viewer = await MemberClientAsync(accounts, orgId, "viewer@example.com");
        var otherOrg = await accounts.CreateOrgAsync("other", CancellationToken.None);
        using var foreigner = await MemberClientAsync(accounts, otherOrg, "foreigner@example.com", Roles.Owner);
        using var ownerPhone = await SubscribeAsync(_owner, "owner");
        using var strangerPhone = await SubscribeAsync(stranger, "stranger");
        using var viewerPhone = await SubscribeAsync(viewer, "viewer");
        using var foreignPhone = await SubscribeAsync(foreigner, "foreigner");
        var id = await _owner.CreateSessionAsync("Private work");
        using (var share = await _owner.PutAsync($"/v1/sessions/{id}/shares", ApiJson.Body("""{"email":"viewer@example.com","role":"viewer"}""")))
        {
            share.EnsureSuccessStatusCode();
        }

        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.CanUseTool("req-1"));
        await WorkerEvents.AppendAsync(_server, id, WorkerEvents.Result());
        // Jobs are sent in order, so once the second reached both recipients the first went wherever it was going.
        await Eventually.TrueAsync(() => Count("/push/owner") == 2 && Count("/push/viewer") == 2, because: "both pushes reach owner and viewer");

        Assert.Equal(0, Count("/push/stranger"));
        Assert.Equal(0, Count("/push/foreigner"));
        Assert.Equal(4, _push.Received.Count);
    }

    [Fact]
    public async Task Subscribing_is_idempotent_by_endpoint_and_unsubscribing_removes_it()
    {
        using var phone = new PushSubscriber(_push.Endpoint("twice"));
        var (orgId, userId) = await _server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
        var store = _server.GetRequiredService<PushSubscriptionStore>();

        using var first = await _owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(phone.SubscriptionJson()));
        using var second = await _owner.PostAsync("/v1/push/subscriptions", ApiJson.Body(phone.SubscriptionJson()));
        var afterSubscribing = await store.CountAsync(orgId, userId, CancellationToken.None);
        using var remove = await DeleteAsync(_owner, phone.Endpoint);
        using var again = await DeleteAsync(_owner, phone.Endpoint);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(1, afterSubscribing);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(0, await store.CountAsync(orgId, userId, CancellationToken.None));
    }

    [Fact]
    public async Task The_vapid_key_is_made_once_per_store_and_survives_a_restart()
    {
        var before = (await _owner.GetNodeAsync("/v1/push/config"))["vapid_public_key"]!.GetValue<string>();

        await _server.RestartAsync();
        using var client = _server.CreateClient();
        var after = (await client.GetNodeAsync("/v1/push/config"))["vapid_public_key"]!.GetValue<string>();

        Assert.Equal(65, Base64Url.DecodeFromChars(before).Length);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_stalled_push_service_never_holds_up_the_event_log()
    {
        await using var server = await LoopbackServer.StartAsync(customize: options => options with
        {
            PublicUrl = PublicUrl,
            Push = new PushOptions { AllowPlainHttp = true, AllowPrivateAddresses = true, QueueCapacity = 2 },
        });
        using var owner = server.CreateClient();
        using var phone = await SubscribeAsync(owner, "stalled");
        var id = await owner.CreateSessionAsync("Stalled");
        _push.Hold();

        await WorkerEvents.AppendAsync(server, id, WorkerEvents.Result());
        await Eventually.TrueAsync(() => _push.Received.Count == 1, because: "the first push is in flight and never answered");
        var results = new List<Tether.Server.Events.AppendResult>();
        for (var i = 0; i < 10; i++)
        {
            // Each result queues a push; beyond the queue's two places they are dropped, and the appends still commit.
            results.Add(await WorkerEvents.AppendAsync(server, id, WorkerEvents.Assistant($"turn {i}"), WorkerEvents.Result()).WaitAsync(TimeSpan.FromSeconds(10)));
        }

        var session = await owner.GetNodeAsync($"/v1/sessions/{id}");
        Assert.All(results, r => Assert.Equal(Tether.Server.Events.AppendStatus.Ok, r.Status));
        Assert.Equal(21, session["last_sequence_num"]!.GetValue<long>());
        Assert.Single(_push.Received);
        _push.Release();
        await Eventually.TrueAsync(() => _push.Received.Count == 3, because: "the two queued pushes follow once the service answers");
    }

    [Fact]
    public async Task A_user_keeps_only_the_newest_subscriptions()
    {
        var (orgId, userId) = await _server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
        var limit = new PushOptions().MaxSubscriptionsPerUser;

        for (var i = 0; i <= limit; i++)
        {
            (await SubscribeAsync(_owner, $"device-{i}")).Dispose();
        }

        Assert.Equal(limit, await _server.GetRequiredService<PushSubscriptionStore>().CountAsync(orgId, userId, CancellationToken.None));
    }

    private int Count(string path) => _push.Received.Count(r => r.Path == path);

    private async Task<PushSubscriber> SubscribeAsync(HttpClient client, string name)
    {
        var subscriber = new PushSubscriber(_push.Endpoint(name));
        using var response = await client.PostAsync("/v1/push/subscriptions", ApiJson.Body(subscriber.SubscriptionJson()));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return subscriber;
    }

    private async Task<HttpClient> MemberClientAsync(AccountStore accounts, string orgId, string email, string role = Roles.Member)
    {
        var userId = await accounts.EnsureUserAsync(email, email, CancellationToken.None);
        await accounts.AddMembershipAsync(orgId, userId, role, CancellationToken.None);
        return _server.CreateClient((await accounts.CreateTokenAsync(orgId, userId, "phone", Scopes.DefaultUser, null, CancellationToken.None)).Secret);
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string endpoint) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/push/subscriptions")
        {
            Content = ApiJson.Body(new JsonObject { ["endpoint"] = endpoint }),
        });
}
