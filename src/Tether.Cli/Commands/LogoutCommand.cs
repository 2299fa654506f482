using System.CommandLine;
using System.Net.Http.Headers;
using Tether.Client.Credentials;
using Tether.Client.Http;

namespace Tether.Cli.Commands;

/// <summary><c>tether logout</c>: forgets the stored login for a server and revokes its token there (best effort).</summary>
internal sealed class LogoutCommand : Command
{
    private static readonly TimeSpan s_revokeTimeout = TimeSpan.FromSeconds(5);

    private static readonly Option<string?> s_server = new("--server")
    {
        Description = $"Server URL (default: ${CredentialStore.ServerVariable}, or the only stored login)",
    };

    public LogoutCommand()
        : base("logout", "Sign out of a Tether server on this machine")
    {
        Options.Add(s_server);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var store = new CredentialStore(CliPaths.ConfigDirectory());
        var serverValue = parse.GetValue(s_server) ?? Environment.GetEnvironmentVariable(CredentialStore.ServerVariable);
        if (serverValue is null)
        {
            var servers = await store.ListServersAsync(cancellationToken);
            if (servers.Count != 1)
            {
                await error.WriteLineAsync(servers.Count == 0
                    ? "Not logged in to any server."
                    : $"Logged in to several servers ({string.Join(", ", servers)}): pass --server URL.");
                return servers.Count == 0 ? ExitCodes.Ok : ExitCodes.Usage;
            }

            serverValue = servers[0];
        }

        if (!ServerUrl.TryNormalize(serverValue, out var server))
        {
            await error.WriteLineAsync($"'{serverValue}' is not an http(s) URL.");
            return ExitCodes.Usage;
        }

        var credential = await store.GetAsync(server, cancellationToken);
        if (credential is null)
        {
            await output.WriteLineAsync($"Not logged in to {server}.");
            return ExitCodes.Ok;
        }

        var revoked = await TryRevokeAsync(server, credential.Token, cancellationToken);
        await store.RemoveAsync(server, cancellationToken);
        await output.WriteLineAsync(revoked
            ? $"Logged out of {server}; the token was revoked."
            : $"Logged out of {server}; the server could not be reached to revoke the token.");
        return ExitCodes.Ok;
    }

    private static async Task<bool> TryRevokeAsync(string server, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(OutboundHttp.CreateHandler()) { BaseAddress = new Uri(server + "/"), Timeout = s_revokeTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/auth/logout");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            // 401: already revoked or expired, which is the state logout wants.
            return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
