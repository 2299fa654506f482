using Microsoft.Playwright;
using Tether.Testing;

namespace Tether.Web.Tests;

/// <summary>Browser helpers shared by the web app tests: a fresh context per test, token login, screenshots.</summary>
internal static class WebSession
{
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    static WebSession() => Assertions.SetDefaultExpectTimeout(15_000);

    public static async Task<IPage> OpenAsync(IBrowser browser, LoopbackServer server, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? Desktop,
            // The service worker's cache would make page loads depend on earlier ones; tests talk to the server.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form with the owner's API token.</summary>
    public static async Task LoginAsync(IPage page, string path = "/")
    {
        await page.GotoAsync(path);
        await page.GetByLabel("API token").FillAsync(LoopbackServer.OwnerToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" })).ToBeVisibleAsync();
        if (path != "/")
        {
            await page.GotoAsync(path);
        }
    }

    public static async Task<IPage> OpenSessionAsync(IBrowser browser, LoopbackServer server, string sessionId, ViewportSize? viewport = null, bool viewer = false)
    {
        var page = await OpenAsync(browser, server, viewport);
        await LoginAsync(page);
        await page.GotoAsync($"/sessions/{sessionId}{(viewer ? "?viewer=1" : "")}");
        await ExpectLiveAsync(page);
        return page;
    }

    public static Task ExpectLiveAsync(IPage page) =>
        Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync();

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = false });
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tether.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
