using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tether.Testing;
using static Microsoft.Playwright.Assertions;

namespace Tether.Web.Tests;

/// <summary>
/// Screens checked against the server's contract at the browser's network layer (environments, login links): the
/// answers are stubbed there, so the requests the app sends are what these tests assert.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreensTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task Environments_list_machines_and_start_a_session_in_a_worktree()
    {
        var created = await Client.CreateSessionAsync("Add a health check");
        var page = await WebSession.OpenAsync(Browser.Browser, Server, WebSession.Phone);
        await page.RouteAsync("**/v1/environment_providers", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json",
            Body = """
                {"environments":[
                  {"kind":"bridge","environment_id":"env_laptop","name":"laptop","state":"active","machine_name":"ana-mbp","directory":"/src/tether","branch":"main","max_sessions":32,"sessions_in_use":2,"created_at":"2025-01-01T00:00:00Z"},
                  {"kind":"bridge","environment_id":"env_ci","name":"build box","state":"offline","machine_name":"ci-1","directory":"/srv/repo","branch":"release","max_sessions":4,"sessions_in_use":0,"created_at":"2025-01-01T00:00:00Z"}]}
                """,
        }));
        string? posted = null;
        await page.RouteAsync("**/v1/sessions", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            posted = route.Request.PostData;
            await route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = $$"""{"id":"{{created}}","title":"Add a health check"}""" });
        });
        await WebSession.LoginAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Environments" }).ClickAsync();
        var laptop = page.Locator("[data-environment-id='env_laptop']");
        await Expect(laptop).ToContainTextAsync("ana-mbp · /src/tether");
        await Expect(laptop).ToContainTextAsync("2 / 32 sessions");
        await Expect(laptop.Locator(".badge")).ToHaveTextAsync("Online");
        await Expect(page.Locator("[data-environment-id='env_ci'] .badge")).ToHaveTextAsync("Offline");
        await Expect(page.Locator("[data-environment-id='env_ci']").GetByRole(AriaRole.Button, new() { Name = "New session" })).ToBeDisabledAsync();

        await laptop.GetByRole(AriaRole.Button, new() { Name = "New session" }).ClickAsync();
        await laptop.GetByLabel("Prompt").FillAsync("Add a health check endpoint");
        await laptop.GetByLabel("Model").FillAsync("sonnet");
        await laptop.GetByLabel("Permissions").SelectOptionAsync("acceptEdits");
        await WebSession.ScreenshotAsync(page, "environments-phone");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sessions/{created}$"));
        var body = JsonNode.Parse(posted!)!;
        Assert.Equal("env_laptop", body["environment_id"]!.GetValue<string>());
        Assert.Equal("acceptEdits", body["permission_mode"]!.GetValue<string>());
        Assert.Equal("sonnet", body["session_context"]!["model"]!.GetValue<string>());
        Assert.Equal("worktree", body["session_context"]!["spawn_mode"]!.GetValue<string>());
        var first = body["events"]![0]!;
        Assert.Equal("event", first["type"]!.GetValue<string>());
        Assert.Equal("user", first["data"]!["type"]!.GetValue<string>());
        Assert.Equal("Add a health check endpoint", first["data"]!["message"]!["content"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(first["data"]!["uuid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pair_a_phone_shows_a_QR_code_of_a_short_lived_login_link()
    {
        var page = await WebSession.OpenAsync(Browser.Browser, Server);
        // Signed in first: with login links available, the token login itself would trade the token for a link.
        await WebSession.LoginAsync(page);
        string? requested = null;
        await page.RouteAsync("**/v1/auth/login-links", route =>
        {
            requested = route.Request.PostData;
            return route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "application/json",
                Body = $$"""{"url":"{{Server.BaseAddress}}login/tether_login_example","expires_at":"{{DateTimeOffset.UtcNow.AddSeconds(120):O}}"}""",
            });
        });

        await page.GetByLabel("Menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pair a phone" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Pair a phone" });
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = "QR code of a one-time login link" })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Timer)).ToContainTextAsync("Works once");
        await Expect(dialog).ToContainTextAsync("/login/tether_login_example");
        Assert.Equal(120, JsonNode.Parse(requested!)!["ttl_seconds"]!.GetValue<int>());
        await WebSession.ScreenshotAsync(page, "pair-desktop");
    }

    [Fact]
    public async Task Pair_a_phone_explains_when_the_server_has_no_login_links()
    {
        var page = await WebSession.OpenAsync(Browser.Browser, Server);
        await WebSession.LoginAsync(page);
        await page.RouteAsync("**/v1/auth/login-links", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 404, ContentType = "application/json", Body = """{"type":"error","error":{"type":"not_found_error","message":"No such API endpoint."}}""",
        }));
        await page.GetByLabel("Menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pair a phone" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("does not issue login links yet");
    }
}
