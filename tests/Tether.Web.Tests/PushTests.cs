using System.Text.Json;
using Microsoft.Playwright;
using Tether.Server.Accounts;
using Tether.Server.Push;
using Tether.Testing;
using static Microsoft.Playwright.Assertions;

namespace Tether.Web.Tests;

/// <summary>
/// Web Push in real headless Chromium with its service worker running: the "Notify me on this device" control, and the
/// worker's <c>push</c> handler fed a message through the DevTools protocol.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PushTests(BrowserFixture browser) : BrowserTests(browser)
{
    // Any public URL turns push on; http keeps the session cookie usable on the loopback origin.
    protected override Tether.Server.ServerOptions Customize(Tether.Server.ServerOptions options) => options with { PublicUrl = "http://tether.test" };

    [Fact]
    public async Task Without_a_public_url_there_is_no_push_control()
    {
        await using var plain = await LoopbackServer.StartAsync();
        var page = await OpenAsync(plain);

        await WebSession.LoginAsync(page);
        await page.GetByLabel("Menu").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Notify me on this device" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Turning_push_on_in_a_private_window_says_the_browser_does_not_allow_it()
    {
        // Playwright's contexts are off-the-record profiles, where Chromium refuses push subscriptions.
        var page = await OpenAsync(Server);
        await WebSession.LoginAsync(page);

        await ClickNotifyAsync(page);

        await Expect(page.Locator(".toast.error")).ToContainTextAsync("does not allow push notifications here");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Notify me on this device", IncludeHidden = true })).ToHaveCountAsync(1);
        Assert.Equal(0, await SubscriptionCountAsync());
    }

    [Fact]
    public async Task Turning_push_on_without_a_reachable_push_service_says_so()
    {
        // A real (persistent) profile may subscribe, but offline Chromium's push service never answers.
        using var playwright = await Playwright.CreateAsync();
        using var profile = new TempDirectory("tether-chromium");
        await using var persistent = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            BaseURL = Server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = WebSession.Desktop,
            Permissions = ["notifications"],
        });
        var page = persistent.Pages.Count > 0 ? persistent.Pages[0] : await persistent.NewPageAsync();
        await WebSession.LoginAsync(page);

        await ClickNotifyAsync(page);

        await Expect(page.Locator(".toast.error")).ToContainTextAsync("could not reach its push service", new() { Timeout = 40_000 });
        Assert.Equal(0, await SubscriptionCountAsync());
    }

    [Fact]
    public async Task A_push_message_makes_the_service_worker_show_a_notification_that_links_to_the_session()
    {
        var page = await OpenAsync(Server);
        await WebSession.LoginAsync(page);
        await page.EvaluateAsync("async () => { await navigator.serviceWorker.ready; }");

        var cdp = await page.Context.NewCDPSessionAsync(page);
        var registrations = new List<(string Id, string Scope)>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var registration in e!.Value.GetProperty("registrations").EnumerateArray())
            {
                lock (registrations)
                {
                    registrations.Add((registration.GetProperty("registrationId").GetString()!, registration.GetProperty("scopeURL").GetString()!));
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        await Eventually.TrueAsync(() => { lock (registrations) { return registrations.Count > 0; } }, because: "DevTools reports the registration");
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        string registrationId;
        lock (registrations)
        {
            registrationId = registrations.First(r => r.Scope.StartsWith(origin, StringComparison.Ordinal)).Id;
        }

        var message = new PushMessage("Deploy the site", "Needs your approval to use Bash", "http://tether.test/sessions/session_abc", "session_abc", "needs_approval");
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
        {
            ["origin"] = origin,
            ["registrationId"] = registrationId,
            ["data"] = JsonSerializer.Serialize(message, PushJsonContext.Default.PushMessage),
        });

        JsonElement shown = default;
        await Eventually.TrueAsync(async () =>
        {
            shown = await page.EvaluateAsync<JsonElement>(
                "async () => (await (await navigator.serviceWorker.ready).getNotifications()).map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url }))");
            return shown.GetArrayLength() > 0;
        }, because: "the worker shows the notification");

        var notification = Assert.Single(shown.EnumerateArray());
        Assert.Equal("Deploy the site", notification.GetProperty("title").GetString());
        Assert.Equal("Needs your approval to use Bash", notification.GetProperty("body").GetString());
        Assert.Equal("session_abc", notification.GetProperty("tag").GetString());
        Assert.Equal("/sessions/session_abc", notification.GetProperty("url").GetString());
    }

    private static async Task ClickNotifyAsync(IPage page)
    {
        await page.GetByLabel("Menu").ClickAsync();
        var control = page.GetByRole(AriaRole.Button, new() { Name = "Notify me on this device" });
        await Expect(control).ToBeVisibleAsync();
        await control.ClickAsync();
    }

    private async Task<int> SubscriptionCountAsync()
    {
        var (orgId, userId) = await Server.GetRequiredService<AccountStore>().FindOwnerAsync(CancellationToken.None);
        return await Server.GetRequiredService<PushSubscriptionStore>().CountAsync(orgId, userId, CancellationToken.None);
    }

    private async Task<IPage> OpenAsync(LoopbackServer server)
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = WebSession.Desktop,
            ServiceWorkers = ServiceWorkerPolicy.Allow,
            Permissions = ["notifications"],
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
