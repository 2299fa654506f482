using System.Net;
using Tether.Server.Accounts;
using Tether.Server.Tests.Events;
using Tether.Testing;

namespace Tether.Server.Tests.Auth;

public sealed class SessionRoleTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private LoopbackServer _server = null!;
    private HttpClient _owner = null!;
    private string _session = null!;
    private string _orgId = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _owner = _server.CreateClient();
        _session = await _owner.CreateSessionAsync("shared work");
        (_orgId, _) = await _server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_member_the_session_is_not_shared_with_cannot_see_it()
    {
        using var member = await MemberAsync("stranger@example.com");

        using var get = await member.GetAsync($"/v1/sessions/{_session}");
        var list = await member.GetNodeAsync("/v1/sessions");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task A_viewer_reads_but_can_neither_prompt_nor_answer()
    {
        using var viewer = await MemberAsync("viewer@example.com", role: "viewer");
        await WorkerEvents.AppendAsync(_server, _session, WorkerEvents.CanUseTool("req-v"));

        var list = await viewer.GetNodeAsync("/v1/sessions");
        using var events = await viewer.GetAsync($"/v1/sessions/{_session}/events");
        using var prompt = await viewer.PostEventsAsync(_session, ApiJson.UserMessage("let me in"));
        using var answer = await viewer.PostEventsAsync(_session, WorkerEvents.Allow("req-v"));

        Assert.Single(list["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, prompt.StatusCode);
        Assert.Contains("viewer", (await prompt.ReadNodeAsync())["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("requires_action", (await _owner.GetNodeAsync($"/v1/sessions/{_session}"))["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_viewers_socket_frames_are_refused_and_nothing_is_stored()
    {
        var token = await MemberTokenAsync("socket-viewer@example.com", role: "viewer");
        await using var socket = await SessionSocket.ConnectAsync(_server.BaseAddress, $"/v1/sessions/ws/{_session}/subscribe", token);

        await socket.SendAsync(ApiJson.UserMessage("sneaky"), _timeout.Token);
        var error = await socket.ReceiveUntilAsync(f => f["type"]?.GetValue<string>() == "error", _timeout.Token);

        Assert.Contains("viewer", error["error"]!["message"]!.GetValue<string>());
        Assert.Equal(0, (await _owner.GetNodeAsync($"/v1/sessions/{_session}"))["last_sequence_num"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_approver_answers_prompts_but_cannot_prompt_interrupt_or_rename()
    {
        using var approver = await MemberAsync("approver@example.com", role: "approver");
        await WorkerEvents.AppendAsync(_server, _session, WorkerEvents.CanUseTool("req-a"));

        using var answer = await approver.PostEventsAsync(_session, WorkerEvents.Allow("req-a"));
        using var prompt = await approver.PostEventsAsync(_session, ApiJson.UserMessage("do more"));
        using var interrupt = await approver.PostEventsAsync(_session,
            """{"type":"control_request","request_id":"int-1","request":{"subtype":"interrupt"}}""");
        using var rename = await approver.PatchAsync($"/v1/sessions/{_session}", ApiJson.Body("""{"title":"mine"}"""));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, prompt.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, interrupt.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
    }

    [Fact]
    public async Task A_shared_driver_prompts_and_the_share_can_be_revoked()
    {
        using var driver = await MemberAsync("driver@example.com", role: "driver");
        using var prompt = await driver.PostEventsAsync(_session, ApiJson.UserMessage("go"));
        var shares = await _owner.GetNodeAsync($"/v1/sessions/{_session}/shares");
        var userId = shares["data"]![0]!["user_id"]!.GetValue<string>();

        using var revoke = await _owner.DeleteAsync($"/v1/sessions/{_session}/shares/{userId}");
        using var after = await driver.GetAsync($"/v1/sessions/{_session}");

        Assert.Equal(HttpStatusCode.OK, prompt.StatusCode);
        Assert.Equal("driver", shares["data"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Only_a_driver_shares_and_only_with_members_of_the_org()
    {
        using var approver = await MemberAsync("approver2@example.com", role: "approver");

        using var byApprover = await approver.PutAsync($"/v1/sessions/{_session}/shares", ApiJson.Body("""{"email":"approver2@example.com","role":"driver"}"""));
        using var outsider = await _owner.PutAsync($"/v1/sessions/{_session}/shares", ApiJson.Body("""{"email":"nobody@example.com","role":"viewer"}"""));
        using var badRole = await _owner.PutAsync($"/v1/sessions/{_session}/shares", ApiJson.Body("""{"email":"approver2@example.com","role":"god"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, byApprover.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
    }

    private async Task<HttpClient> MemberAsync(string email, string? role = null) => _server.CreateClient(await MemberTokenAsync(email, role));

    private async Task<string> MemberTokenAsync(string email, string? role)
    {
        var accounts = _server.GetRequiredService<AccountStore>();
        var userId = await accounts.EnsureUserAsync(email, email, CancellationToken.None);
        await accounts.AddMembershipAsync(_orgId, userId, Roles.Member, CancellationToken.None);
        if (role is not null)
        {
            using var share = await _owner.PutAsync($"/v1/sessions/{_session}/shares", ApiJson.Body($$"""{"email":"{{email}}","role":"{{role}}"}"""));
            share.EnsureSuccessStatusCode();
        }

        return (await accounts.CreateTokenAsync(_orgId, userId, "member", Scopes.DefaultUser, null, CancellationToken.None)).Secret;
    }
}
