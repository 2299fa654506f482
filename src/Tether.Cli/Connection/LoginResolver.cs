using System.CommandLine;
using Tether.Client.Credentials;
using Tether.Cli.Terminal;

namespace Tether.Cli.Connection;

/// <summary>
/// Picks the server and token for a client command, the one place that order lives. Server: <c>--server</c>, else
/// <c>TETHER_SERVER</c>, else the only server with a stored login. Token: <c>--token</c>, else <c>TETHER_TOKEN</c>, else
/// the login <c>tether login</c> stored for that server.
/// </summary>
internal sealed class LoginResolver(CliHost host)
{
    public static string HowToLogIn(string server) => $"run `tether login --server {server}`";

    public Task<(ServerLogin? Login, string? Error)> ResolveAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ResolveAsync(parse.GetValue(ConnectionOptions.Server), parse.GetValue(ConnectionOptions.Token), cancellationToken);

    public async Task<(ServerLogin? Login, string? Error)> ResolveAsync(string? serverOption, string? tokenOption, CancellationToken cancellationToken)
    {
        var store = new CredentialStore(host.ConfigDirectory);
        IReadOnlyList<string> stored;
        try
        {
            stored = await store.ListServersAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return (null, ex.Message);
        }

        var serverText = NonEmpty(serverOption) ?? NonEmpty(host.Environment(ConnectionOptions.ServerVariable)) ?? (stored.Count == 1 ? stored[0] : null);
        if (serverText is null)
        {
            return (null, stored.Count == 0
                ? $"No server given: pass --server URL or set {ConnectionOptions.ServerVariable}, and log in with `tether login --server URL`."
                : $"You are logged in to several servers ({string.Join(", ", stored)}): pick one with --server URL or {ConnectionOptions.ServerVariable}.");
        }

        if (!ServerUrl.TryNormalize(serverText, out var server))
        {
            return (null, $"'{serverText}' is not an http(s) URL.");
        }

        var token = NonEmpty(tokenOption) ?? NonEmpty(host.Environment(ConnectionOptions.TokenVariable))
            ?? (await store.GetAsync(server, cancellationToken))?.Token;
        return token is null
            ? (null, $"Not logged in to {server}: {HowToLogIn(server)} (or pass --token / set {ConnectionOptions.TokenVariable}).")
            : (new ServerLogin(new Uri(server + "/"), token), null);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
