using System.CommandLine;
using Tether.Client.Credentials;
using Tether.Server.Endpoints;
using Tether.Server.Login;

namespace Tether.Cli.Commands.Admin;

/// <summary><c>tether admin login-link</c>: a one-time URL that signs a browser in (as the owner, or <c>--user</c>).</summary>
internal sealed class LoginLinkCommand : Command
{
    private const string DefaultServerUrl = "http://127.0.0.1:7878";

    private static readonly Option<string?> s_user = new("--user") { Description = "The user's email (default: the owner)" };

    private static readonly Option<string?> s_org = new("--org") { Description = "Org id (default: the user's only org)" };

    private static readonly Option<string> s_serverUrl = new("--server-url")
    {
        Description = $"The server's URL as browsers reach it (default {DefaultServerUrl})",
        DefaultValueFactory = _ => DefaultServerUrl,
    };

    public LoginLinkCommand()
        : base("login-link", "Print a one-time login link for the web app")
    {
        Options.Add(s_user);
        Options.Add(s_org);
        Options.Add(s_serverUrl);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!ServerUrl.TryNormalize(parse.GetValue(s_serverUrl), out var serverUrl))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"--server-url must be an http(s) URL, not '{parse.GetValue(s_serverUrl)}'.");
            return ExitCodes.Usage;
        }

        await using var admin = await AdminContext.OpenAsync(parse, cancellationToken);
        if (admin is null)
        {
            return ExitCodes.Usage;
        }

        string orgId, userId;
        if (parse.GetValue(s_user) is { } email)
        {
            if (await admin.RequireUserAsync(email, cancellationToken) is not { } user
                || await admin.RequireOrgOfAsync(user, parse.GetValue(s_org), cancellationToken) is not { } org)
            {
                return ExitCodes.Fatal;
            }

            (orgId, userId) = (org, user.Id);
        }
        else
        {
            // An empty store gets its owner here, as `tether up` would: the link is how that owner first signs in.
            (orgId, userId, _) = await admin.Bootstrap.EnsureOwnerAsync(bootstrapToken: null, cancellationToken);
        }

        var (code, expires) = await admin.LoginLinks.CreateAsync(orgId, userId, LoginLifetimes.LoginLink, cancellationToken);
        await admin.Output.WriteLineAsync($"One-time login link (valid until {expires:u}):");
        await admin.Output.WriteLineAsync(WebLoginEndpoints.LinkUrl(serverUrl, code));
        return ExitCodes.Ok;
    }
}
