using Tether.Server.Accounts;
using Tether.Server.Http;

namespace Tether.Server.Login;

/// <summary>The markup of the device approval page. Every value passes through <see cref="HtmlPage.Encode"/>.</summary>
internal static class DevicePageHtml
{
    public const string Title = "Approve a device login";

    public static string SignInFirst(string? reason) =>
        (reason is null ? "" : $"<p>{HtmlPage.Encode(reason)}</p>")
        + "<p>Sign in first: run <code>tether up</code> for a login link or ask your admin, then open this page again.</p>";

    public static string EnterCode(string? message) =>
        (message is null ? "" : $"<p>{HtmlPage.Encode(message)}</p>")
        + """
          <form method="get" action="/device">
          <label for="user_code">Code shown by the device</label>
          <input id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" required>
          <button type="submit">Continue</button>
          </form>
          """;

    public static string Confirm(DeviceCodeRecord request, string csrfToken) =>
        $"""
         <p><strong>{HtmlPage.Encode(request.ClientName ?? "A device")}</strong> asks to sign in as you with the code
         <strong>{HtmlPage.Encode(request.UserCode)}</strong>. Only approve if you started this login yourself.</p>
         <p>It asks for:</p>
         <ul>{string.Concat(request.Scopes.Order(StringComparer.Ordinal).Select(s => $"<li><code>{HtmlPage.Encode(s)}</code>: {HtmlPage.Encode(Describe(s))}</li>"))}</ul>
         <form method="post" action="/device">
         <input type="hidden" name="user_code" value="{HtmlPage.Encode(request.UserCode)}">
         <input type="hidden" name="csrf_token" value="{HtmlPage.Encode(csrfToken)}">
         <button type="submit" name="decision" value="approve">Approve</button>
         <button type="submit" name="decision" value="deny">Deny</button>
         </form>
         """;

    public static string Message(string text) => $"<p>{HtmlPage.Encode(text)}</p>";

    private static string Describe(string scope) => scope switch
    {
        Scopes.Read => "see your sessions and their transcripts",
        Scopes.Write => "start sessions, send prompts and answer permission requests",
        Scopes.RemoteControl => "register machines and run sessions on them",
        Scopes.Admin => "manage users and tokens of your org",
        _ => "unknown scope",
    };
}
