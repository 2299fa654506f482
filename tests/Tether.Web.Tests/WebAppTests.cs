using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tether.Testing;
using static Microsoft.Playwright.Assertions;

namespace Tether.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WebAppTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task Token_login_shows_the_sessions_with_their_status()
    {
        var id = await Client.CreateSessionAsync("Fix the flaky test");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-1"));
        var page = await WebSession.OpenAsync(Browser.Browser, Server);

        await page.GotoAsync("/");
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        await page.GetByLabel("API token").FillAsync("not-a-valid-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");

        await WebSession.LoginAsync(page);
        var row = page.Locator($"[data-session-id='{id}']");
        await Expect(row).ToContainTextAsync("Fix the flaky test");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Needs approval");

        // The list polls: the badge follows the session without a reload.
        (await Client.PostEventsAsync(id, WorkerEvents.Allow("req-1"))).Dispose();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Result());
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Idle");
    }

    [Fact]
    public async Task The_session_view_streams_the_transcript_live()
    {
        var id = await Client.CreateSessionAsync("Streaming");
        (await Client.PostEventsAsync(id, ApiJson.UserMessage("List the files"))).Dispose();
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);
        await Expect(page.Locator(".msg.user")).ToHaveTextAsync("List the files");

        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.TextDelta("I will **look**"));
        await Expect(page.Locator(".draft")).ToContainTextAsync("I will look");

        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("I will **look** at the tree."), WorkerEvents.ToolUse("toolu_1", "ls -la"));
        await Expect(page.Locator(".draft")).ToBeHiddenAsync();
        await Expect(page.Locator(".msg.assistant strong").First).ToHaveTextAsync("look");
        await Expect(page.Locator("[data-tool-use-id='toolu_1'] .tool-summary")).ToHaveTextAsync("ls -la");

        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.ToolResult("toolu_1", "README.md\nsrc"), WorkerEvents.Result());
        await Expect(page.Locator("[data-tool-use-id='toolu_1'] .tool-state")).ToHaveTextAsync("done");
        await page.Locator("[data-tool-use-id='toolu_1'] > summary").ClickAsync();
        await page.Locator("[data-tool-use-id='toolu_1'] .tool-result > summary").ClickAsync();
        await Expect(page.Locator("[data-tool-use-id='toolu_1'] .tool-result pre")).ToHaveTextAsync("README.md\nsrc");
        await Expect(page.Locator(".result")).ToContainTextAsync("Turn finished");
    }

    [Fact]
    public async Task A_prompt_is_sent_with_enter_and_appears_once()
    {
        var id = await Client.CreateSessionAsync("Prompting");
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);

        var box = page.GetByLabel("Prompt");
        await box.FillAsync("first line");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("second line");
        await box.PressAsync("Enter");

        await Expect(page.Locator(".transcript .msg.user")).ToHaveTextAsync("first line\nsecond line");
        await Expect(page.Locator(".outgoing-msg")).ToHaveCountAsync(0);
        await Expect(box).ToHaveValueAsync("");
        var users = await StoredAsync(id, "user");
        Assert.Single(users);
        Assert.Equal("first line\nsecond line", users[0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approving_a_permission_prompt_resolves_it_and_stores_the_answer()
    {
        var id = await Client.CreateSessionAsync("Approve");
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);

        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-allow", withSuggestion: true));
        var card = page.Locator("[data-request-id='req-allow'].permission");
        await Expect(card).ToContainTextAsync("rm -rf build");
        await Expect(card).ToContainTextAsync("Always allow: Bash(rm -rf build)");
        await Expect(page.Locator(".session-head .badge")).ToHaveTextAsync("Needs approval");

        await card.GetByRole(AriaRole.Button, new() { Name = "Always allow" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        await Expect(page.Locator(".decision[data-request-id='req-allow']")).ToHaveTextAsync("Bash — You allowed (always)");

        var answer = Assert.Single(await StoredAsync(id, "control_response"));
        Assert.Equal("req-allow", answer!["response"]!["request_id"]!.GetValue<string>());
        var decision = answer["response"]!["response"]!;
        Assert.Equal("allow", decision["behavior"]!.GetValue<string>());
        Assert.Equal("rm -rf build", decision["updatedInput"]!["command"]!.GetValue<string>());
        Assert.Equal("addRules", decision["updatedPermissions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("toolu_req-allow", decision["toolUseID"]!.GetValue<string>());
        Assert.Equal("running", (await Client.GetNodeAsync($"/v1/sessions/{id}"))["session_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_prompt_answered_in_another_browser_disappears_with_answered_elsewhere()
    {
        var id = await Client.CreateSessionAsync("Two devices");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-race"));
        var phone = await WebSession.OpenSessionAsync(Browser.Browser, Server, id, WebSession.Phone);
        var desktop = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);
        var phoneCard = phone.Locator("[data-request-id='req-race'].permission");
        await Expect(phoneCard).ToBeVisibleAsync();

        await desktop.Locator("[data-request-id='req-race'].permission").GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await Expect(phoneCard).ToHaveCountAsync(0);
        await Expect(phone.Locator(".decision[data-request-id='req-race']")).ToContainTextAsync("Answered elsewhere: denied");
        await Expect(desktop.Locator(".decision[data-request-id='req-race']")).ToContainTextAsync("You denied");
    }

    [Fact]
    public async Task An_answer_that_loses_the_race_gets_409_and_shows_who_answered()
    {
        var id = await Client.CreateSessionAsync("Lost race");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.CanUseTool("req-late"));
        var page = await WebSession.OpenAsync(Browser.Browser, Server);
        // Sit between the page and the server and hold back answers, so this page still shows the prompt after
        // someone else answered it, and its own answer is the one that loses.
        await page.RouteWebSocketAsync("**/subscribe**", socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text?.Contains("control_response", StringComparison.Ordinal) != true)
                {
                    socket.Send(frame.Text!);
                }
            });
        });
        await WebSession.LoginAsync(page, $"/sessions/{id}");
        var card = page.Locator("[data-request-id='req-late'].permission");
        await Expect(card).ToBeVisibleAsync();
        (await Client.PostEventsAsync(id, WorkerEvents.Allow("req-late"))).Dispose();

        await card.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await Expect(card).ToHaveCountAsync(0);
        await Expect(page.Locator(".decision[data-request-id='req-late']")).ToContainTextAsync("Answered by ");
        var answer = Assert.Single(await StoredAsync(id, "control_response"));
        Assert.Equal("allow", answer!["response"]!["response"]!["behavior"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_viewer_only_page_has_no_input_and_sends_nothing()
    {
        var id = await Client.CreateSessionAsync("Watch only");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("Working on it"), WorkerEvents.CanUseTool("req-view"));
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id, viewer: true);
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method != "GET")
            {
                Interlocked.Increment(ref posts);
            }
        };

        await Expect(page.Locator(".transcript .msg.assistant")).ToHaveTextAsync("Working on it");
        var card = page.Locator("[data-request-id='req-view'].permission");
        await Expect(card).ToContainTextAsync("rm -rf build");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.Locator("textarea, select, input")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Interrupt" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rename" })).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(0, posts);

        // Leaving viewer mode brings the controls back.
        await page.GetByRole(AriaRole.Button, new() { Name = "View only" }).ClickAsync();
        await Expect(page.GetByLabel("Prompt")).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Allow" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Interrupt_and_permission_mode_are_sent_as_control_requests()
    {
        var id = await Client.CreateSessionAsync("Controls");
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);

        await page.GetByLabel("Permission mode").SelectOptionAsync("plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Interrupt" }).ClickAsync();

        await Expect(page.Locator(".notice").Filter(new() { HasText = "Interrupt requested" })).ToBeVisibleAsync();
        var requests = await StoredAsync(id, "control_request");
        Assert.Equal(["set_permission_mode", "interrupt"], requests.Select(r => r!["request"]!["subtype"]!.GetValue<string>()));
        Assert.Equal("plan", requests[0]!["request"]!["mode"]!.GetValue<string>());
        Assert.NotEqual(requests[0]!["request_id"]!.GetValue<string>(), requests[1]!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_server_restart_the_transcript_resumes_complete_without_duplicates()
    {
        var id = await Client.CreateSessionAsync("Resume");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("one"), WorkerEvents.Assistant("two"));
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);
        await Expect(page.Locator(".transcript .msg.assistant")).ToHaveCountAsync(2);

        await Server.StopAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("Reconnecting|Offline") })).ToBeVisibleAsync();
        await Server.RestartAsync();
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("three"));
        await WebSession.ExpectLiveAsync(page);
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("four"));

        await Expect(page.Locator(".transcript .msg.assistant")).ToHaveTextAsync(["one", "two", "three", "four"]);
        var seqs = await page.Locator(".transcript .msg.assistant").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.seq)");
        Assert.Equal(["1", "2", "3", "4"], seqs);
    }

    [Fact]
    public async Task A_prompt_typed_offline_is_queued_and_sent_once_when_back()
    {
        var id = await Client.CreateSessionAsync("Offline");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("before"));
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id, WebSession.Phone);

        await page.Context.SetOfflineAsync(true);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Offline" })).ToBeVisibleAsync();
        await page.GetByLabel("Prompt").FillAsync("run the tests");
        await page.GetByLabel("Prompt").PressAsync("Enter");
        var queued = page.Locator(".outgoing-msg");
        await Expect(queued).ToHaveAttributeAsync("data-state", "queued");
        await Expect(queued).ToContainTextAsync("Queued");
        await WorkerEvents.AppendAsync(Server, id, WorkerEvents.Assistant("while away"));
        await WebSession.ScreenshotAsync(page, "session-offline-phone");

        await page.Context.SetOfflineAsync(false);
        await WebSession.ExpectLiveAsync(page);

        await Expect(page.Locator(".transcript .msg.user")).ToHaveTextAsync("run the tests");
        await Expect(page.Locator(".outgoing-msg")).ToHaveCountAsync(0);
        await Expect(page.Locator(".transcript .msg.assistant")).ToHaveTextAsync(["before", "while away"]);
        var users = await StoredAsync(id, "user");
        Assert.Single(users);
    }

    [Fact]
    public async Task A_queued_prompt_survives_a_reload_and_is_sent_once()
    {
        var id = await Client.CreateSessionAsync("Reload");
        var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id);
        // Fail the POST as a dropped network would: the prompt stays queued in localStorage.
        await page.RouteAsync("**/events", route => route.AbortAsync("internetdisconnected"));
        await page.GetByLabel("Prompt").FillAsync("survive the reload");
        await page.GetByLabel("Prompt").PressAsync("Enter");
        await Expect(page.Locator(".outgoing-msg")).ToHaveAttributeAsync("data-state", "queued");

        await page.UnrouteAllAsync();
        await page.ReloadAsync();
        await Expect(page.Locator(".transcript .msg.user")).ToHaveTextAsync("survive the reload");
        await Expect(page.Locator(".outgoing-msg")).ToHaveCountAsync(0);
        Assert.Single(await StoredAsync(id, "user"));
    }

    [Fact]
    public async Task Screenshots_of_the_session_view_at_phone_and_desktop_width()
    {
        var id = await Client.CreateSessionAsync("Refactor the event log");
        (await Client.PostEventsAsync(id, ApiJson.UserMessage("Make the event log batch its commits, then run the tests."))).Dispose();
        await WorkerEvents.AppendAsync(
            Server,
            id,
            WorkerEvents.Assistant("I'll start by reading `EventLog.cs` to see how appends are committed today.", "msg_a"),
            WorkerEvents.ToolUse("toolu_a", "sed -n 1,80p src/Tether.Server/Events/EventLog.cs", "msg_a"),
            WorkerEvents.ToolResult("toolu_a", "internal sealed partial class EventLog(...)\n{\n    private const int MaxAppendsPerCommit = 256;\n}"),
            WorkerEvents.Assistant("Appends already queue in a **bounded channel**. The plan:\n\n1. Drain up to 256 waiting appends\n2. Commit them in *one* transaction\n3. Publish after the commit", "msg_b"),
            WorkerEvents.CanUseTool("req-shot", "dotnet test tests/Tether.Server.Tests", withSuggestion: true));
        foreach (var (viewport, name) in new[] { (WebSession.Phone, "session-phone"), (WebSession.Desktop, "session-desktop") })
        {
            var page = await WebSession.OpenSessionAsync(Browser.Browser, Server, id, viewport);
            await Expect(page.Locator("[data-request-id='req-shot'].permission")).ToBeVisibleAsync();
            await page.Locator("[data-tool-use-id='toolu_a'] > summary").ClickAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            await WebSession.ScreenshotAsync(page, name);
        }

        var list = await WebSession.OpenAsync(Browser.Browser, Server, WebSession.Phone);
        await WebSession.LoginAsync(list);
        await Expect(list.Locator($"[data-session-id='{id}'] .badge")).ToHaveTextAsync("Needs approval");
        await WebSession.ScreenshotAsync(list, "sessions-phone");
        await list.Context.ClearCookiesAsync();
        await list.EvaluateAsync("() => sessionStorage.clear()");
        await list.ReloadAsync();
        await Expect(list.GetByLabel("API token")).ToBeVisibleAsync();
        await WebSession.ScreenshotAsync(list, "login-phone");
    }

    [Fact]
    public async Task The_server_serves_the_app_with_strict_headers_and_keeps_api_404s_json()
    {
        using var anonymous = Server.CreateClient(token: null);
        using var index = await anonymous.GetAsync("/sessions/session_abc");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-cache", index.Headers.CacheControl!.ToString());
        var csp = index.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", index.Headers.GetValues("Referrer-Policy").Single());

        var html = await index.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=", html);
        var script = System.Text.RegularExpressions.Regex.Match(html, "/assets/app-[A-Z0-9]+\\.js").Value;
        using var asset = await anonymous.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.True(asset.Headers.CacheControl!.MaxAge >= TimeSpan.FromDays(365));

        using var manifest = await anonymous.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType!.MediaType);

        using var api404 = await anonymous.GetAsync("/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api404.StatusCode);
        Assert.Equal("application/json", api404.Content.Headers.ContentType!.MediaType);
        using var healthz = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    private async Task<List<JsonNode?>> StoredAsync(string sessionId, string type)
    {
        var page = await Client.GetNodeAsync($"/v1/sessions/{sessionId}/events?limit=100");
        return [.. page["data"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == type)];
    }
}
