using System.CommandLine;
using Tether.Client.Auth;
using Tether.Client.Credentials;
using Tether.Client.Http;
using Tether.Cli.Rendering;

namespace Tether.Cli.Commands;

/// <summary><c>tether login</c>: device-code login (RFC 8628); the token is stored per server in the config directory.</summary>
internal sealed class LoginCommand : Command
{
    private static readonly Option<string?> s_server = new("--server") { Description = $"Server URL (default: ${CredentialStore.ServerVariable})" };

    private static readonly Option<bool> s_noBrowser = new("--no-browser") { Description = "Print the URL instead of opening a browser" };

    private static readonly Option<string?> s_scope = new("--scope") { Description = "Scopes to ask for (default: read write remote_control)" };

    public LoginCommand()
        : base("login", "Sign in to a Tether server from this machine")
    {
        Options.Add(s_server);
        Options.Add(s_noBrowser);
        Options.Add(s_scope);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var serverValue = parse.GetValue(s_server) ?? Environment.GetEnvironmentVariable(CredentialStore.ServerVariable);
        if (!ServerUrl.TryNormalize(serverValue, out var server))
        {
            await error.WriteLineAsync(serverValue is null
                ? $"Pass --server URL (or set {CredentialStore.ServerVariable})."
                : $"'{serverValue}' is not an http(s) URL.");
            return ExitCodes.Usage;
        }

        using var http = new HttpClient(OutboundHttp.CreateHandler()) { BaseAddress = new Uri(server + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var client = new DeviceLoginClient(http, TimeProvider.System);
        DeviceLoginResult result;
        try
        {
            var authorization = await client.StartAsync($"tether CLI on {Environment.MachineName}", parse.GetValue(s_scope), cancellationToken);
            await output.WriteLineAsync($"To sign in, open {authorization.VerificationUri} and enter the code {authorization.UserCode}");
            await output.WriteLineAsync($"(or open {authorization.VerificationUriComplete})");
            if (QrText.IsTerminal(output))
            {
                await output.WriteLineAsync(QrText.Render(authorization.VerificationUriComplete));
            }

            if (!parse.GetValue(s_noBrowser))
            {
                await BrowserLauncher.TryOpenAsync(authorization.VerificationUriComplete, cancellationToken);
            }

            await output.WriteLineAsync("Waiting for approval…");
            result = await client.WaitForApprovalAsync(authorization, cancellationToken);
        }
        catch (DeviceLoginException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.Fatal;
        }

        if (result.Grant is not { } grant)
        {
            await error.WriteLineAsync($"Login failed ({result.Error}): {result.Description}");
            return ExitCodes.Fatal;
        }

        var store = new CredentialStore(CliPaths.ConfigDirectory());
        await store.SaveAsync(server, new StoredCredential { Token = grant.AccessToken, OrgId = grant.OrgId, UserId = grant.UserId }, cancellationToken);
        await output.WriteLineAsync($"Logged in to {server} (user {grant.UserId}, org {grant.OrgId}, scopes: {grant.Scope}).");
        await output.WriteLineAsync($"Token saved in {store.FilePath}.");
        return ExitCodes.Ok;
    }
}
